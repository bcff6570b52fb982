import { expect, test } from '@playwright/test';
import { openApp, reportPageErrors, serveFresh, shot } from './fixtures';
import type { ServedApp } from './serve-app';

/**
 * The method on the study page, in the real renderer against the real core: a study's runs → an
 * ensemble of the top 3 scored on validation beside its best member → its one look at the test split
 * (a confirmation that says so, then the look recorded with when and who) → export as one bundle; a
 * run's own look from its page; every look listed on the study page.
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

test('ensemble of the top runs → test split once, with a confirmation → export; a run’s look; all listed', async ({ page }) => {
  test.setTimeout(240_000);
  const study = await app.call<{ id: number }>('studies.create', {
    spec: {
      name: 'e2e-method',
      dataset: 'sample:binary-1000x10',
      template: 'mlp',
      objective: { metric: 'val_loss', direction: 'minimize' },
      algorithm: 'random',
      seed: 4,
      backend: 'cpu',
      concurrency: 2,
      budget: { maxTrials: 4 },
      space: { epochs: { type: 'fixed', value: 3 }, units: { type: 'choice', values: [4, 16] }, learning_rate: { type: 'log-float', low: 1e-3, high: 3e-2 } },
    },
  });
  await openApp(page, app, `#/studies/${study.id}`);
  await expect(page.getByTestId('screen-study')).toHaveAttribute('data-state', 'loaded');
  await expect(page.locator('[data-run-id]').filter({ hasText: 'completed' })).toHaveCount(4, { timeout: 180_000 });
  // Every run was judged from its curves: the counts add up to the four runs.
  const fits = page.getByTestId('study-fits');
  await expect(fits).toBeVisible();
  const counted = async () => {
    let n = 0;
    for (const kind of ['overfitting', 'underfitting', 'diverged', 'good']) n += Number((await page.getByTestId(`fit-count-${kind}`).locator('b').textContent()) ?? 0);
    return n;
  };
  await expect.poll(counted).toBe(4);
  // The table has a Fit column (badges for the runs that did not fit well).
  await expect(page.getByTestId('run-table-header-fit')).toBeVisible();

  // ── an ensemble of the top 3, scored on validation next to its best member ──────────
  await page.getByTestId('ensemble-top3').click();
  const row = page.locator('[data-ensemble-id]').first();
  await expect(row).toBeVisible({ timeout: 60_000 });
  const ensembleId = Number(await row.getAttribute('data-ensemble-id'));
  const made = await app.call<{ members: unknown[] }>('ensembles.get', { ensembleId });
  expect(made.members).toHaveLength(3);
  await expect(row).toContainText('top 3');
  await expect(row).toContainText('best member #');
  await shot(page, 'method-01-ensemble');

  // ── its one look at the test split: the confirmation says what it means ───────────
  await page.getByTestId(`ensemble-evaluate-${ensembleId}`).click();
  await expect(page.getByTestId('confirm-dialog')).toBeVisible();
  await expect(page.getByTestId('test-look-warning')).toContainText('It counts as the one look');
  await shot(page, 'method-02-confirm');
  // Cancelled: nothing is looked at.
  await page.getByTestId('confirm-cancel').click();
  await expect(page.getByTestId('confirm-dialog')).toHaveCount(0);
  expect((await app.call<{ evaluations: unknown[] }>('ensembles.get', { ensembleId })).evaluations).toHaveLength(0);

  await page.getByTestId(`ensemble-evaluate-${ensembleId}`).click();
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('confirm-dialog')).toHaveCount(0, { timeout: 60_000 });
  await expect(row.getByTestId('ensemble-test')).toContainText('test_accuracy');
  await expect(row.getByTestId('ensemble-test')).toContainText('the app');
  const recorded = await app.call<{ evaluations: { requestedBy: string }[] }>('ensembles.get', { ensembleId });
  expect(recorded.evaluations.map((e) => e.requestedBy)).toEqual(['the app']);

  // A second look warns that it was taken already.
  await page.getByTestId(`ensemble-evaluate-${ensembleId}`).click();
  await expect(page.getByTestId('test-look-warning')).toContainText('was already scored on the test split');
  await page.getByTestId('confirm-cancel').click();

  // ── export as one bundle (served as a zip in serve mode) ──────────────────────────
  await page.getByTestId(`ensemble-export-${ensembleId}`).click();
  await expect(row.getByTestId('ensemble-export-result')).toContainText('ensemble-');
  const href = await row.getByTestId('ensemble-download').getAttribute('href');
  const zip = await page.request.get(href!);
  expect(zip.status()).toBe(200);
  expect((await zip.body()).subarray(0, 2).toString()).toBe('PK');

  // ── a run's own look, from its page ───────────────────────────────────────────────
  const runs = await app.call<{ id: number; trialNumber: number }[]>('runs.list', { studyId: study.id });
  await page.goto(`${app.url}#/runs/${runs[0]!.id}`);
  await expect(page.getByTestId('screen-run')).toHaveAttribute('data-state', 'loaded');
  await expect(page.getByTestId('run-fit')).toBeVisible();
  await page.getByTestId('run-evaluate').click();
  await expect(page.getByTestId('test-look-warning')).toContainText(`trial #${runs[0]!.trialNumber}`);
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('test-look')).toHaveCount(1, { timeout: 60_000 });
  await expect(page.getByTestId('test-look')).toContainText('test_loss');
  await expect(page.getByTestId('run-evaluate')).toHaveText('Evaluate again…');
  await shot(page, 'method-03-run-look');

  // ── the study page lists both looks, with when and who ────────────────────────────
  await page.goto(`${app.url}#/studies/${study.id}`);
  await expect(page.getByTestId('screen-study')).toHaveAttribute('data-state', 'loaded');
  const looks = page.getByTestId('study-test-looks');
  await expect(looks.locator('li')).toHaveCount(2);
  await expect(looks).toContainText('top 3');
  await expect(looks).toContainText(`trial ${runs[0]!.trialNumber}`);
  await page.getByTestId('study-method').scrollIntoViewIfNeeded();
  await shot(page, 'method-04-study-looks');
});
