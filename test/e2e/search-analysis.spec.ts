import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { SEEDED_IMPORTANCE, seedTpeAshaStudy } from '../helpers/seeded-study';
import { freshDataDir, openApp, reportPageErrors, serveFresh, shot } from './fixtures';
import { serveApp, type ServedApp } from './serve-app';

/**
 * Issue 10 in the app: a finished TPE + ASHA study (written straight into the data directory, its
 * objective strong in learning_rate and blind to units) shows its search and budget in the header,
 * pruned runs as pruned in the table, curves and history, and the analysis panels (importance,
 * optimization history, slices, contour) linked with the table's selection. Then a TPE study with an
 * ASHA pruner is designed in the New-study form and trained to the end.
 */

test.use({ actionTimeout: 15_000 });
test.afterEach(({ page }) => reportPageErrors(page));

test.describe('a finished TPE + ASHA study', () => {
  let app: ServedApp;
  let dataDir: string;
  let studyId: number;
  let prunedRunIds: number[];

  test.beforeAll(async () => {
    dataDir = freshDataDir({ launched: true });
    ({ studyId, prunedRunIds } = seedTpeAshaStudy(dataDir, { completed: 24, pruned: 6 }));
    app = await serveApp({ dataDir });
  });
  test.afterAll(async () => {
    await app?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function openStudy(page: Page): Promise<void> {
    await openApp(page, app, `#/studies/${studyId}`);
    await expect(page.getByTestId('screen-study')).toHaveAttribute('data-state', 'loaded');
  }

  test('header, table and curves say how it searched and which runs were pruned', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await openStudy(page);
    const search = page.getByTestId('study-search');
    await expect(search).toHaveAttribute('data-algorithm', 'tpe');
    await expect(search).toHaveAttribute('data-pruner', 'asha');
    await expect(search).toContainText('TPE');
    await expect(page.getByTestId('study-budget')).toContainText('30 / 30');
    const firstPruned = prunedRunIds[0]!;
    await expect(page.getByTestId(`run-rung-${firstPruned}`)).toHaveText(/^r\d$/);
    await expect(page.getByTestId(`run-row-${firstPruned}`)).toContainText('pruned');
  });

  test('importance ranks learning_rate first; history, slices and contour draw every finished trial', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await openStudy(page);
    const analysis = page.getByTestId('study-analysis');
    await analysis.scrollIntoViewIfNeeded();
    await expect(analysis).toHaveAttribute('data-state', 'shown');

    const importance = page.getByTestId('importance');
    await expect(importance).toHaveAttribute('data-state', 'ready');
    const names = await page.getByTestId('importance-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')));
    expect(names).toHaveLength(4);
    expect(names[0]).toBe(SEEDED_IMPORTANCE.strongest);
    expect(names.at(-1)).toBe(SEEDED_IMPORTANCE.none);

    const history = page.getByTestId('optimization-history');
    await expect(history).toHaveAttribute('data-points', '30');
    await expect(history).toHaveAttribute('data-pruned', '6');
    await expect(page.getByTestId('slice-plots')).toHaveAttribute('data-params', /learning_rate/);
    await expect(page.getByTestId('slice-plots')).toHaveAttribute('data-points', /^[1-9]\d*$/);
    // The contour starts on the two most important parameters; picking an axis redraws it.
    const contour = page.getByTestId('contour');
    await expect(contour).toHaveAttribute('data-x', SEEDED_IMPORTANCE.strongest);
    await page.getByTestId('contour-y').selectOption(SEEDED_IMPORTANCE.none);
    await expect(contour).toHaveAttribute('data-y', SEEDED_IMPORTANCE.none);
    await expect(contour).toHaveAttribute('data-points', '24');
    await shot(page, 'analysis-panels');
  });

  test('a click on a history mark selects its run in the table, and the selection is drawn large', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await openStudy(page);
    // The panels are made once their section nears the viewport.
    await page.getByTestId('study-analysis').scrollIntoViewIfNeeded();
    const history = page.getByTestId('optimization-history');
    await history.scrollIntoViewIfNeeded();
    await expect(history).toHaveAttribute('data-points', '30');
    const pixel = await page.evaluate(() => (window as unknown as { __hpsHistory?: { pixelOf(t: number): [number, number] | null } }).__hpsHistory?.pixelOf(5) ?? null);
    expect(pixel).not.toBeNull();
    await page.mouse.click(pixel![0], pixel![1]);
    await expect(history).toHaveAttribute('data-emphasised', '5');
    const runs = await app.call<{ id: number; trialNumber: number }[]>('runs.list', { studyId });
    const run5 = runs.find((r) => r.trialNumber === 5)!;
    await expect(page.getByTestId(`run-row-${run5.id}`)).toHaveAttribute('aria-selected', 'true');
  });
});

test.describe('a TPE study with an ASHA pruner from the New-study form', () => {
  let app: ServedApp;
  test.beforeAll(async () => {
    app = await serveFresh({ launched: true });
  });
  test.afterAll(async () => {
    await app?.stop();
  });

  test('the form writes algorithm, sampler, pruner and epoch budget; the study trains to the end', async ({ page }) => {
    test.setTimeout(240_000);
    await openApp(page, app, '#/new');
    await expect(page.getByTestId('screen-new-study')).toHaveAttribute('data-state', 'loaded');
    const picker = page.getByTestId('new-study-dataset');
    const value = await picker.locator('option').evaluateAll((opts) => (opts as HTMLOptionElement[]).find((o) => o.textContent?.startsWith('binary-1000x10'))?.value ?? null);
    expect(value).not.toBeNull();
    await picker.selectOption(value!);
    await page.getByTestId('new-study-name').fill('e2e-tpe-asha');
    await page.getByTestId('new-study-algorithm').selectOption('tpe');
    await expect(page.getByTestId('sampler-options')).toBeVisible();
    await page.getByTestId('sampler-startup').fill('2');
    await page.getByTestId('new-study-pruner').selectOption('asha');
    await page.getByTestId('pruner-minEpochs').fill('1');
    await page.getByTestId('pruner-reductionFactor').fill('2');
    await page.getByTestId('new-study-max-trials').fill('4');
    await page.getByTestId('new-study-max-epochs').fill('40');
    await page.getByTestId('new-study-concurrency').fill('2');
    await page.locator('[data-testid="space-row"][data-name="epochs"] [data-testid="space-value"]').fill('3');

    await page.getByTestId('new-study-tab-yaml').click();
    const yaml = page.getByTestId('yaml-editor');
    await expect(yaml).toHaveValue(/algorithm: tpe/);
    await expect(yaml).toHaveValue(/nStartupTrials: 2/);
    await expect(yaml).toHaveValue(/type: asha/);
    await expect(yaml).toHaveValue(/reductionFactor: 2/);
    await expect(yaml).toHaveValue(/maxEpochs: 40/);
    await expect(page.getByTestId('yaml-status')).toHaveText('Valid');

    await page.getByTestId('new-study-start').click();
    await expect(page.getByTestId('screen-study')).toHaveAttribute('data-state', 'loaded');
    await expect(page.getByTestId('study-search')).toHaveAttribute('data-pruner', 'asha');
    await expect(page.getByTestId('study-status')).toHaveText(/completed/i, { timeout: 200_000 });
    const studies = await app.call<{ id: number; name: string }[]>('studies.list');
    const study = studies.find((s) => s.name === 'e2e-tpe-asha')!;
    const runs = await app.call<{ status: string; epochsDone: number }[]>('runs.list', { studyId: study.id });
    expect(runs).toHaveLength(4);
    for (const r of runs) expect(['completed', 'pruned']).toContain(r.status);
    // ASHA with factor 2 from epoch 1 judges every trial after the first: pruned ones trained fewer epochs.
    for (const r of runs.filter((x) => x.status === 'pruned')) expect(r.epochsDone).toBeLessThan(3);
  });
});
