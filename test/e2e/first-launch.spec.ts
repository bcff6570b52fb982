import { expect, test } from '@playwright/test';
import { openApp, reportPageErrors, runTableRowCount, serveFresh, shot } from './fixtures';
import type { ServedApp } from './serve-app';

/** A new user with an empty data directory lands on the sample study, training, within a minute. */

let app: ServedApp;
test.beforeEach(async () => {
  app = await serveFresh({ launched: false });
});
test.afterEach(async ({ page }) => {
  reportPageErrors(page);
  await app.stop();
});

test('an empty data directory opens on the sample study and its runs appear within a minute', async ({ page }) => {
  test.setTimeout(120_000);
  const started = Date.now();
  await openApp(page, app);
  await expect(page.getByTestId('screen-study')).toHaveAttribute('data-state', 'loaded');
  expect(page.url()).toMatch(/#\/studies\/\d+/);

  // Within a minute of opening: runs listed and at least one with a curve drawn into the views.
  await expect(page.locator('[data-run-id]').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('[data-run-id]').filter({ hasText: /running|completed/ }).first()).toBeVisible({
    timeout: Math.max(1_000, 60_000 - (Date.now() - started)),
  });
  expect(await runTableRowCount(page)).toBeGreaterThan(0);
  await expect(page.getByTestId('learning-curves')).toBeVisible();
  await expect(page.getByTestId('parallel-coords')).toBeVisible();
  await shot(page, 'first-launch-sample-study');

  // Reloading never starts a second sample study.
  await page.reload();
  await expect(page.locator('[data-app-state]')).toHaveAttribute('data-app-state', 'loaded');
  const studies = await app.call<{ name: string }[]>('studies.list');
  expect(studies.map((s) => s.name)).toEqual(['mlp-binary']);
});
