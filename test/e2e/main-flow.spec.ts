import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { binaryCsv } from './csv-fixture';
import { openApp, reportPageErrors, runTableRowCount, serveFresh, shot } from './fixtures';
import type { ServedApp } from './serve-app';

/**
 * The whole path of a user, in the real renderer against the real core: drop a CSV on the window →
 * import progress → preview → new study with a small space → runs appear live → brush the parallel
 * coordinates → the table narrows → clone the best config → the clone runs → export → bundle on disk.
 */

interface RunRow {
  id: number;
  status: string;
  trialNumber: number;
  params: Record<string, unknown>;
  bestObjective: number | null;
}

const MAX_TRIALS = 4;

// A step that cannot find its element fails in seconds (a crashed screen never grows the field back).
test.use({ actionTimeout: 15_000 });

let app: ServedApp;
test.beforeEach(async () => {
  app = await serveFresh({ launched: true });
});
test.afterEach(async ({ page }) => {
  reportPageErrors(page);
  await app.stop();
});

/** Drops `files` on the window the way a browser does: dragenter, dragover, drop, one DataTransfer. */
async function dropFiles(page: Page, files: { name: string; text: string }[]): Promise<void> {
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name, { type: 'text/csv' }));
    (window as unknown as { __drop: DataTransfer }).__drop = dt;
    document.body.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
    document.body.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
  // While the files hover over the window, it says it will take them.
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await shot(page, 'flow-01-drag-over');
  await page.evaluate(() => {
    const dt = (window as unknown as { __drop: DataTransfer }).__drop;
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
}

/** Records every data-phase the import job shows (imports of 300 rows are too fast to catch by polling). */
async function recordImportPhases(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __importPhases: string[] }).__importPhases = seen;
    const note = () => {
      for (const el of document.querySelectorAll('[data-testid="import-job"]')) {
        const phase = el.getAttribute('data-phase');
        if (phase && seen[seen.length - 1] !== phase) seen.push(phase);
      }
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-phase'] });
  });
}

test('drop a CSV → preview → study → live rows → brush → clone best → export', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page, app);
  await expect(page.getByTestId('screen-studies')).toBeVisible();

  // ── drop and import ──────────────────────────────────────────────────────────
  await recordImportPhases(page);
  await dropFiles(page, [{ name: 'churn.csv', text: binaryCsv(300, 6) }]);
  const preview = page.getByTestId('dataset-preview');
  await expect(preview).toBeVisible();
  const phases = await page.evaluate(() => (window as unknown as { __importPhases: string[] }).__importPhases);
  expect(phases.length, `import phases seen: ${phases.join(' → ')}`).toBeGreaterThan(1);
  expect(phases[phases.length - 1]).toBe('done');
  expect(phases.some((p) => p === 'uploading' || p === 'reading' || p === 'encoding' || p === 'writing')).toBe(true);

  // Preview: rows, column types and both classes.
  await expect(preview).toContainText('churn');
  await expect(page.getByTestId('preview-rows').locator('tbody tr')).not.toHaveCount(0);
  await expect(page.getByTestId('preview-columns')).toContainText('numeric');
  const balance = page.getByTestId('class-balance');
  await expect(balance).toContainText('yes');
  await expect(balance).toContainText('no');
  await shot(page, 'flow-02-preview');
  const datasets = await app.call<{ id: string; task: string }[]>('datasets.list');
  expect(datasets).toHaveLength(1);
  expect(datasets[0]!.task).toBe('binary');

  // ── new study on it ──────────────────────────────────────────────────────────
  await page.getByTestId('preview-new-study').click();
  await expect(page.getByTestId('screen-new-study')).toHaveAttribute('data-state', 'loaded');
  await page.getByTestId('new-study-name').fill('e2e-churn');
  await page.getByTestId('new-study-max-trials').fill(String(MAX_TRIALS));
  await page.getByTestId('new-study-concurrency').fill('2');
  const epochsRow = page.locator('[data-testid="space-row"][data-name="epochs"]');
  await expect(epochsRow.getByTestId('space-kind')).toHaveValue('fixed');
  await epochsRow.getByTestId('space-value').fill('3');
  const lrRow = page.locator('[data-testid="space-row"][data-name="learning_rate"]');
  await lrRow.getByTestId('space-kind').selectOption('log-float');
  await lrRow.getByTestId('space-low').fill('0.0005');
  await lrRow.getByTestId('space-high').fill('0.1');
  const start = page.getByTestId('new-study-start');
  await expect(start).toBeEnabled();
  await shot(page, 'flow-03-new-study');
  await start.click();

  // ── the study screen fills while trials run ──────────────────────────────────
  await expect(page.getByTestId('screen-study')).toHaveAttribute('data-state', 'loaded');
  const studyId = Number(/#\/studies\/(\d+)/.exec(page.url())?.[1]);
  expect(studyId).toBeGreaterThan(0);
  // Samples of (rows shown, rows completed) until every trial completed: the table must have shown
  // an unfinished state first (fewer rows, or rows not yet completed), then all of them completed.
  const samples: string[] = [];
  let tookMidRunShot = false;
  await expect
    .poll(
      async () => {
        const rows = await runTableRowCount(page);
        const completed = await page.locator('[data-run-id]').filter({ hasText: 'completed' }).count();
        const sample = `${rows}/${completed}`;
        if (samples[samples.length - 1] !== sample) samples.push(sample);
        if (!tookMidRunShot && rows > 0 && completed < rows) {
          tookMidRunShot = true;
          await shot(page, 'flow-04-study-running');
        }
        return sample;
      },
      { timeout: 180_000, intervals: [100] },
    )
    .toBe(`${MAX_TRIALS}/${MAX_TRIALS}`);
  test.info().annotations.push({ type: 'table states (rows/completed)', description: samples.join(' → ') });
  expect(samples.length, `table states seen: ${samples.join(' → ')}`).toBeGreaterThan(1);
  expect(samples[0], `table states seen: ${samples.join(' → ')}`).not.toBe(`${MAX_TRIALS}/${MAX_TRIALS}`);
  await expect(page.getByTestId('parallel-coords').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('learning-curves')).toBeVisible();
  await shot(page, 'flow-05-study-done');

  // ── brush learning_rate around the smallest value: the table narrows ─────────
  const runs = await app.call<RunRow[]>('runs.list', { studyId });
  const rates = runs.map((r) => Number(r.params.learning_rate)).sort((a, b) => a - b);
  expect(new Set(rates).size).toBeGreaterThan(1);
  const upper = Math.sqrt(rates[0]! * rates[1]!); // between the two smallest, on the log scale
  const hookReady = await page.waitForFunction(() => typeof (window as unknown as { __hpsParallel?: unknown }).__hpsParallel === 'object');
  await hookReady.dispose();
  await page.evaluate(
    ([low, high]) => (window as unknown as { __hpsParallel: { brush(axis: string, range: [number, number]): void } }).__hpsParallel.brush('learning_rate', [low, high]),
    [rates[0]! * 0.9, upper] as [number, number],
  );
  await expect.poll(() => runTableRowCount(page)).toBe(1);
  await expect(page.locator('[data-run-id]')).toHaveCount(1);
  await expect(page.getByTestId('clear-brush')).toBeEnabled();
  await shot(page, 'flow-06-brushed');
  await page.getByTestId('clear-brush').click();
  await expect.poll(() => runTableRowCount(page)).toBe(MAX_TRIALS);

  // ── clone the best config into this study: a new run appears and completes ───
  const best = runs.filter((r) => r.bestObjective !== null).sort((a, b) => a.bestObjective! - b.bestObjective!)[0]!;
  await page.getByTestId('clone-best').click();
  const dialog = page.getByTestId('clone-dialog');
  await expect(dialog).toBeVisible();
  // Shown to 4 significant digits (the exact value is kept unless edited): within 0.05% of the run's.
  const exactLr = Number(best.params.learning_rate);
  await expect
    .poll(async () => Math.abs(Number(await dialog.getByTestId('clone-param-learning_rate').inputValue()) / exactLr - 1))
    .toBeLessThan(5e-4);
  await shot(page, 'flow-07-clone-dialog');
  await dialog.getByTestId('clone-run-here').click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => runTableRowCount(page)).toBe(MAX_TRIALS + 1);
  const clone = (await app.call<(RunRow & { parentRunId: number | null })[]>('runs.list', { studyId })).find((r) => r.parentRunId === best.id);
  expect(clone, 'a run cloned from the best one').toBeDefined();
  await expect(page.getByTestId(`run-row-${clone!.id}`)).toContainText('completed', { timeout: 120_000 });
  await shot(page, 'flow-08-clone-completed');

  // ── open the best run and export it ──────────────────────────────────────────
  const bestNow = (await app.call<RunRow[]>('runs.list', { studyId })).filter((r) => r.bestObjective !== null).sort((a, b) => a.bestObjective! - b.bestObjective!)[0]!;
  await page.getByTestId('best-open').click();
  await expect(page.getByTestId('screen-run')).toHaveAttribute('data-state', 'loaded');
  // Links name the trial, never the internal run id.
  expect(page.url()).toContain(`#/studies/${studyId}/trials/${bestNow.trialNumber}`);
  await expect(page.getByTestId('confusion-matrix')).toBeVisible();
  await page.getByTestId('run-export').click();
  const result = page.getByTestId('run-export-result');
  await expect(result).toBeVisible();
  await shot(page, 'flow-09-exported');

  const exportsDir = path.join(app.dataDir, 'exports');
  const bundles = fs.readdirSync(exportsDir);
  expect(bundles).toHaveLength(1);
  const bundle = path.join(exportsDir, bundles[0]!);
  await expect(result).toContainText(bundle);
  // Serve mode also offers the bundle as a zip, for a browser on another machine.
  const href = await page.getByTestId('run-export-download').getAttribute('href');
  expect(href).toContain(`/api/exports/${bundles[0]}.zip?token=`);
  const zip = await page.request.get(href!);
  expect(zip.status()).toBe(200);
  expect(zip.headers()['content-type']).toBe('application/zip');
  expect((await zip.body()).subarray(0, 2).toString('latin1')).toBe('PK');
  for (const file of ['model.json', 'weights.bin', 'hparam-studio.json']) {
    expect(fs.statSync(path.join(bundle, file)).size, file).toBeGreaterThan(0);
  }
  const model = JSON.parse(fs.readFileSync(path.join(bundle, 'model.json'), 'utf8')) as { modelTopology?: unknown; weightsManifest?: unknown[] };
  expect(model.modelTopology).toBeDefined();
  expect(model.weightsManifest?.length).toBeGreaterThan(0);
});
