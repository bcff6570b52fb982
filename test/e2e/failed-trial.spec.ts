import { expect, test } from '@playwright/test';
import { oneTrialSpec, openApp, reportPageErrors, serveFresh, shot } from './fixtures';
import type { ServedApp } from './serve-app';

/** A trial that throws shows up failed in the table, and its page says why in plain words. */

let app: ServedApp;
test.beforeEach(async () => {
  // Every trainer this server starts throws when epoch 2 begins.
  app = await serveFresh({ launched: true, env: { HPS_TRAINER_FAULT: 'throw@2' } });
});
test.afterEach(async ({ page }) => {
  reportPageErrors(page);
  await app.stop();
});

test('a failed trial shows failed in the run table and its error on the run page', async ({ page }) => {
  const study = await app.call<{ id: number }>('studies.create', { spec: oneTrialSpec('doomed', 3) });
  await openApp(page, app, `#/studies/${study.id}`);
  await expect(page.getByTestId('screen-study')).toHaveAttribute('data-state', 'loaded');

  const row = page.locator('[data-run-id]').first();
  await expect(row).toContainText('failed', { timeout: 60_000 });
  const runId = Number(await row.getAttribute('data-run-id'));
  await shot(page, 'failed-trial-study');

  // The row's Open link shows on hover, as for a mouse user.
  await row.hover();
  await page.getByTestId(`run-open-${runId}`).click();
  await expect(page.getByTestId('screen-run')).toHaveAttribute('data-state', 'loaded');
  await expect(page.getByTestId('run-error')).toContainText('injected failure at epoch 2');
  await shot(page, 'failed-trial-run');
});
