import { expect, test } from '@playwright/test';
import { openApp, reportPageErrors, serveFresh, shot } from './fixtures';
import type { ServedApp } from './serve-app';

/**
 * Schedule previews in the New-study form (a band when the schedule's parameters are ranges) and the
 * clone dialog (the run's own curve), and a transfer-learning study started from the form on a base
 * model registered from an earlier run.
 */

let app: ServedApp;
test.beforeEach(async () => {
  app = await serveFresh({ launched: true });
});
test.afterEach(async ({ page }) => {
  reportPageErrors(page);
  await app.stop();
});

test.use({ actionTimeout: 15_000 });

test('schedule preview follows the form, the clone dialog shows the run’s schedule, and a transfer study starts on a base model', async ({ page }) => {
  test.setTimeout(180_000);
  const first = await app.call<{ id: number }>('studies.create', {
    spec: {
      name: 'base-source',
      dataset: 'sample:binary-1000x10',
      template: 'mlp',
      objective: { metric: 'val_loss', direction: 'minimize' },
      algorithm: 'grid',
      backend: 'cpu',
      space: { epochs: { type: 'fixed', value: 2 }, units: { type: 'fixed', value: 8 }, lr_schedule: { type: 'fixed', value: 'step' }, lr_step_size: { type: 'fixed', value: 1 } },
    },
  });
  await expect.poll(async () => (await app.call<{ status: string }[]>('runs.list', { studyId: first.id }))[0]?.status, { timeout: 90_000 }).toBe('completed');
  const [run] = await app.call<{ id: number }[]>('runs.list', { studyId: first.id });

  // ── the clone dialog: one curve, the run's own (step decay over 2 epochs) ─────────
  await openApp(page, app, `#/runs/${run!.id}`);
  await expect(page.getByTestId('screen-run')).toHaveAttribute('data-state', 'loaded');
  await page.getByTestId('run-clone').click();
  const clonePreview = page.getByTestId('clone-dialog').getByTestId('schedule-preview');
  await expect(clonePreview).toHaveAttribute('data-curves', '1');
  await expect(clonePreview).toHaveAttribute('data-epochs', '2');
  // Editing the clone's epochs moves its preview.
  await page.getByTestId('clone-param-epochs').fill('6');
  await expect(clonePreview).toHaveAttribute('data-epochs', '6');
  await shot(page, 'schedule-01-clone');
  await page.getByTestId('clone-cancel').click();

  // ── register that run as a base model from its page ───────────────────────────────
  await page.getByTestId('run-base-model').click();
  await expect(page.getByTestId('run-base-model-result')).toContainText('base-source-trial-1');

  // ── the New-study form: a band once the learning rate is a range ──────────────────
  await page.goto(`${app.url}#/new`);
  await expect(page.getByTestId('screen-new-study')).toHaveAttribute('data-state', 'loaded');
  await page.getByTestId('new-study-dataset').selectOption('sample:binary-1000x10');
  const preview = page.getByTestId('screen-new-study').getByTestId('schedule-preview');
  await expect(preview).toBeVisible();
  // The default MLP space searches learning_rate over a range: many sampled curves.
  expect(Number(await preview.getAttribute('data-curves'))).toBeGreaterThan(1);
  const lrRow = page.locator('[data-testid="space-row"][data-name="learning_rate"]');
  await lrRow.getByTestId('space-kind').selectOption('fixed');
  await lrRow.getByTestId('space-value').fill('0.01');
  await expect(preview).toHaveAttribute('data-curves', '1');

  // ── template transfer on the registered base model: the preview shows both phases ─
  await page.getByTestId('new-study-template').selectOption('transfer');
  await expect(page.getByTestId('new-study-base-model')).toHaveValue('base-source-trial-1');
  await expect(preview).toHaveAttribute('data-epochs', '10'); // 5 head epochs + 5 fine-tuning epochs
  await page.locator('[data-testid="space-row"][data-name="epochs"]').getByTestId('space-value').fill('2');
  await page.locator('[data-testid="space-row"][data-name="finetune_epochs"]').getByTestId('space-value').fill('1');
  await expect(preview).toHaveAttribute('data-epochs', '3');
  await page.getByTestId('new-study-name').fill('e2e-transfer');
  await page.getByTestId('new-study-max-trials').fill('1');
  await shot(page, 'schedule-02-new-study-transfer');
  const start = page.getByTestId('new-study-start');
  await expect(start).toBeEnabled();
  await start.click();
  await expect(page.getByTestId('screen-study')).toHaveAttribute('data-state', 'loaded');
  const studyId = Number(/#\/studies\/(\d+)/.exec(page.url())?.[1]);
  await expect(page.locator('[data-run-id]').filter({ hasText: 'completed' })).toHaveCount(1, { timeout: 90_000 });
  const runs = await app.call<{ epochsDone: number; params: Record<string, unknown> }[]>('runs.list', { studyId });
  expect(runs[0]!.epochsDone).toBe(3);
});
