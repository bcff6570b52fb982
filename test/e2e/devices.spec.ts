import { expect, test } from '@playwright/test';
import { oneTrialSpec, openApp, reportPageErrors, serveFresh, shot } from './fixtures';
import type { ServedApp } from './serve-app';

/** Where trials run: the devices in Settings (with trials per device), and each run's device and throughput in the table and on its page. */

let app: ServedApp;
test.beforeEach(async () => {
  app = await serveFresh({ launched: true });
});
test.afterEach(async ({ page }) => {
  reportPageErrors(page);
  await app.stop();
});

test('Settings lists the devices with their trials at once; the run table and run page say where a run trained', async ({ page }) => {
  await openApp(page, app, '#/settings');
  await expect(page.getByTestId('screen-settings')).toHaveAttribute('data-state', 'loaded');
  const cpu = page.getByTestId('device-cpu');
  await expect(cpu).toHaveAttribute('data-usable', 'true');
  await expect(cpu).toContainText('cores');
  // The CPU slots follow the setting as soon as it is saved.
  await page.getByTestId('settings-concurrency').fill('1');
  await page.getByTestId('settings-concurrency').dispatchEvent('change');
  await expect(page.getByTestId('settings-saved')).toBeVisible();
  await expect(cpu.locator('td').nth(3)).toHaveText('1');
  await page.getByTestId('settings-gpu-trials').fill('0');
  await page.getByTestId('settings-gpu-trials').dispatchEvent('change');
  await expect(page.getByText('Enter a whole number from 1 to 64.')).toBeVisible();
  await shot(page, 'settings-devices');

  const study = await app.call<{ id: number }>('studies.create', { spec: oneTrialSpec('where', 2) });
  await openApp(page, app, `#/studies/${study.id}`);
  const row = page.locator('[data-run-id]').first();
  await expect(row).toContainText('completed', { timeout: 60_000 });
  // Every run trained on the CPU: Device and throughput are one click away in the column menu, not shown by default.
  await expect(page.getByTestId('run-table-header-device')).toHaveCount(0);
  await page.getByTestId('column-menu').click();
  await page.getByTestId('column-toggle-device').check();
  await page.getByTestId('column-toggle-metric:samples_per_sec').check();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('run-table-header-device')).toBeVisible();
  await expect(page.getByTestId('run-table-header-metric:samples_per_sec')).toBeVisible();
  await expect(row).toContainText('cpu');
  const runId = Number(await row.getAttribute('data-run-id'));
  await openApp(page, app, `#/runs/${runId}`);
  await expect(page.getByTestId('screen-run')).toHaveAttribute('data-state', 'loaded');
  await expect(page.getByTestId('run-device')).toHaveText(/^cpu · .+ · \d+ threads?$/);
  await shot(page, 'run-device');
});

test('WebGPU as the default backend in Settings is what the new-study form proposes', async ({ page }) => {
  await openApp(page, app, '#/settings');
  await expect(page.getByTestId('screen-settings')).toHaveAttribute('data-state', 'loaded');
  await page.getByTestId('settings-backend').selectOption('webgpu');
  await expect(page.getByTestId('settings-saved')).toBeVisible();
  await openApp(page, app, '#/new');
  await expect(page.getByTestId('screen-new-study')).toHaveAttribute('data-state', 'loaded');
  await expect(page.getByTestId('new-study-backend')).toHaveValue('webgpu');
  await expect(page.getByTestId('new-study-backend').locator('option:checked')).toHaveText('WebGPU');
});
