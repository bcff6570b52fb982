import { expect, test, type Page } from '@playwright/test';
import { binaryCsv } from './csv-fixture';
import { openApp, reportPageErrors, runTableRowCount, serveFresh, shot } from './fixtures';
import type { ServedApp } from './serve-app';

/**
 * The study page a practitioner lives in (issue 13), at a laptop's 1440×900 and a small 1024×768:
 * hyperparameter columns in view with Trial/Status pinned, a drop on the Datasets panel that leaves no
 * overlay, brush → table, chart and curves agreeing, keyboard-only navigation, the dark theme, notes and
 * tags that persist, and a run comparison. One finished study per size, made through the API.
 */

interface RunRow {
  id: number;
  trialNumber: number;
  params: Record<string, number | string>;
}

const TRIALS = 5;
const PARAMS = ['learning_rate', 'hidden_layers', 'units', 'dropout', 'optimizer'];

const spec = {
  name: 'e2e-study-page',
  dataset: 'sample:binary-1000x10',
  template: 'mlp',
  objective: { metric: 'val_loss', direction: 'minimize' },
  algorithm: 'random',
  seed: 11,
  budget: { maxTrials: TRIALS },
  concurrency: 2,
  space: {
    epochs: { type: 'fixed', value: 2 },
    batch_size: { type: 'fixed', value: 64 },
    learning_rate: { type: 'log-float', low: 1e-3, high: 1e-1 },
    hidden_layers: { type: 'int', low: 1, high: 3 },
    units: { type: 'choice', values: [8, 16] },
    dropout: { type: 'float', low: 0, high: 0.5 },
    optimizer: { type: 'choice', values: ['adam', 'sgd'] },
  },
};

test.use({ actionTimeout: 15_000 });

for (const size of [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
]) {
  test.describe(`study page at ${size.width}×${size.height}`, () => {
    test.describe.configure({ mode: 'serial' });
    test.use({ viewport: size });
    const tag = `${size.width}x${size.height}`;

    let app: ServedApp;
    let studyId: number;
    let runs: RunRow[];

    test.beforeAll(async () => {
      test.setTimeout(240_000);
      app = await serveFresh({ launched: true });
      studyId = (await app.call<{ id: number }>('studies.create', { spec })).id;
      await expect
        .poll(async () => (await app.call<{ status: string }>('studies.get', { id: studyId })).status, { timeout: 200_000, intervals: [250] })
        .toBe('completed');
      runs = await app.call<RunRow[]>('runs.list', { studyId });
    });
    test.afterAll(async () => {
      await app?.stop();
    });
    test.afterEach(async ({ page }) => reportPageErrors(page));

    async function openStudy(page: Page): Promise<void> {
      await openApp(page, app, `#/studies/${studyId}`);
      await expect(page.getByTestId('screen-study')).toHaveAttribute('data-state', 'loaded');
      await expect.poll(() => runTableRowCount(page)).toBe(TRIALS);
    }

    test('hyperparameter columns are in view, Trial and Status stay pinned while scrolling', async ({ page }) => {
      await openStudy(page);
      const table = page.getByTestId('run-table');
      const box = (await table.boundingBox())!;
      const header = (key: string) => page.getByTestId(`run-table-header-${key}`);
      if (size.width >= 1440) {
        for (const name of PARAMS) {
          const b = (await header(`param:${name}`).boundingBox())!;
          expect(b.x + b.width, `${name} ends inside the table`).toBeLessThanOrEqual(box.x + box.width);
        }
      }
      const trialBefore = (await header('trial').boundingBox())!;
      await table.evaluate((el) => (el.scrollLeft = el.scrollWidth));
      await expect.poll(() => table.evaluate((el) => el.scrollLeft)).toBeGreaterThan(size.width >= 1440 ? -1 : 0);
      const last = (await header(`param:${PARAMS.at(-1)}`).boundingBox())!;
      expect(last.x + last.width).toBeLessThanOrEqual(box.x + box.width);
      const trialAfter = (await header('trial').boundingBox())!;
      const statusAfter = (await header('status').boundingBox())!;
      expect(trialAfter.x).toBeCloseTo(trialBefore.x, 0);
      expect(statusAfter.x).toBeGreaterThan(trialAfter.x);
      expect(statusAfter.x + statusAfter.width).toBeLessThanOrEqual(box.x + box.width);
      // Rows keep them too: the first row's trial cell is where its header is.
      const firstCell = page.locator('[data-run-id]').first().locator('[role="gridcell"]').nth(1);
      expect((await firstCell.boundingBox())!.x).toBeCloseTo(trialAfter.x, 0);
      await shot(page, `study-page-${tag}`);
    });

    test('brush → table, chart and curves agree; filter expressions narrow the same way', async ({ page }) => {
      await openStudy(page);
      const hook = await page.waitForFunction(() => typeof (window as unknown as { __hpsParallel?: unknown }).__hpsParallel === 'object');
      await hook.dispose();
      const byRate = [...runs].sort((a, b) => Number(a.params.learning_rate) - Number(b.params.learning_rate));
      const lowest = byRate[0]!;
      const cut = Math.sqrt(Number(byRate[0]!.params.learning_rate) * Number(byRate[1]!.params.learning_rate));
      await page.evaluate(
        ([lo, hi]) => (window as unknown as { __hpsParallel: { brush(a: string, r: [number, number]): void } }).__hpsParallel.brush('learning_rate', [lo, hi]),
        [Number(lowest.params.learning_rate) * 0.9, cut] as [number, number],
      );
      await expect.poll(() => runTableRowCount(page)).toBe(1);
      await expect(page.locator('[data-run-id]')).toHaveAttribute('data-trial', String(lowest.trialNumber));
      const curves = page.getByTestId('learning-curves');
      await expect(curves).toHaveAttribute('data-trials', String(lowest.trialNumber));
      await expect(page.getByTestId('parallel-caption')).toContainText('1 inside the brush');
      // The run has one colour in both views.
      const colors = await curves.getAttribute('data-colors');
      const highlighted = await page.evaluate(() => (window as unknown as { __hpsParallel: { highlighted(): [string, string][] } }).__hpsParallel.highlighted());
      expect(highlighted).toEqual([[`Trial #${lowest.trialNumber}`, colors!.split(':')[1]]]);
      await shot(page, `study-brushed-${tag}`);
      await page.getByTestId('clear-brush').click();
      await expect.poll(() => runTableRowCount(page)).toBe(TRIALS);

      const adam = runs.filter((r) => r.params.optimizer === 'adam' && Number(r.params.learning_rate) > 0.01);
      await page.getByTestId('filter-text').fill('learning_rate > 0.01 and optimizer = adam');
      await expect.poll(() => runTableRowCount(page)).toBe(adam.length);
      await expect(page.getByTestId('parallel-caption')).toContainText(`${adam.length} of ${TRIALS} runs match the filter`);
      await page.getByTestId('filter-text').fill('lrate > 0.01');
      await expect(page.getByTestId('filter-error')).toContainText('unknown column "lrate"');
      await expect.poll(() => runTableRowCount(page)).toBe(TRIALS);
    });

    test('keyboard only: studies list → study → a trial → back', async ({ page }) => {
      await openApp(page, app, '#/studies');
      await expect(page.getByTestId('screen-studies')).toHaveAttribute('data-state', 'loaded');
      await tabUntil(page, 'study-open', 30);
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('screen-study')).toHaveAttribute('data-state', 'loaded');
      await expect.poll(() => runTableRowCount(page)).toBe(TRIALS);
      // From the filter box the rows are a few Tabs away, not behind every header cell.
      await page.getByTestId('filter-text').focus();
      await tabUntil(page, 'run-table', 8);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      const active = await page.getByTestId('run-table').getAttribute('data-active-run');
      const trial = runs.find((r) => String(r.id) === active)!.trialNumber;
      await page.keyboard.press('Space');
      await expect(page.getByTestId('selection-count')).toHaveText('1 selected');
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('screen-run')).toHaveAttribute('data-state', 'loaded');
      expect(page.url()).toContain(`#/studies/${studyId}/trials/${trial}`);
      await expect(page.locator('h1')).toHaveText(`Trial #${trial}`);
      await page.keyboard.press('u');
      await expect(page.getByTestId('screen-study')).toHaveAttribute('data-state', 'loaded');
      await expect(page.getByTestId('selection-count')).toHaveText('1 selected');
      await page.keyboard.press('?');
      await expect(page.getByTestId('shortcut-help')).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('shortcut-help')).toHaveCount(0);
    });

    test('notes and tags persist; two runs compare side by side', async ({ page }) => {
      await openStudy(page);
      await page.getByTestId('study-note-tag-input').fill('baseline');
      await page.getByTestId('study-note-tag-input').press('Enter');
      await expect(page.getByTestId('study-note-tag-baseline')).toBeVisible();
      await page.getByTestId('study-note-note-edit').click();
      await page.getByTestId('study-note-note-input').fill('lr above 0.05 is unstable');
      await page.getByTestId('study-note-note-save').click();
      await expect(page.getByTestId('study-note-note')).toHaveText('lr above 0.05 is unstable');

      const rows = page.locator('[data-run-id]');
      await rows.nth(0).click();
      await rows.nth(1).click({ modifiers: ['Control'] });
      await expect(page.getByTestId('selection-count')).toHaveText('2 selected');
      await page.getByTestId('selection-tag-input').fill('keep');
      await page.getByTestId('selection-tag').click();
      await expect(page.getByTestId('run-table-header-tags')).toBeVisible();

      await page.reload();
      await expect(page.getByTestId('screen-study')).toHaveAttribute('data-state', 'loaded');
      await expect(page.getByTestId('study-note-tag-baseline')).toBeVisible();
      await expect(page.getByTestId('study-note-note')).toHaveText('lr above 0.05 is unstable');
      const stored = await app.call<{ runs: { runId: number; tags: string[] }[] }>('annotations.list', { studyId });
      expect(stored.runs.filter((r) => r.tags.includes('keep'))).toHaveLength(2);
      await page.getByTestId('filter-text').fill('tag = keep');
      await expect.poll(() => runTableRowCount(page)).toBe(2);

      await page.locator('[data-run-id]').nth(0).click();
      await page.locator('[data-run-id]').nth(1).click({ modifiers: ['Shift'] });
      await page.getByTestId('selection-compare').click();
      await expect(page.getByTestId('screen-compare')).toHaveAttribute('data-state', 'loaded');
      expect(page.url()).toMatch(new RegExp(`#/studies/${studyId}/compare\\?trials=\\d+,\\d+`));
      await expect(page.getByTestId('compare-config').locator('tbody tr')).not.toHaveCount(0);
      await expect(page.getByTestId('compare-metric-best val_loss').locator('td.best')).toHaveCount(1);
      await page.getByTestId('compare-diff-only').uncheck();
      await expect(page.getByTestId('compare-param-epochs')).toHaveAttribute('data-differs', 'false');
      await shot(page, `compare-${tag}`);
    });

    test('dark theme follows the system, Settings overrides it', async ({ page }) => {
      await page.emulateMedia({ colorScheme: 'dark' });
      await openStudy(page);
      const html = page.locator('html');
      await expect(html).toHaveAttribute('data-theme', 'dark');
      const bg = await page.getByTestId('screen-study').evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(luminance(bg)).toBeLessThan(0.1);
      await shot(page, `study-dark-${tag}`);
      await page.getByTestId('nav-settings').click();
      await page.getByTestId('settings-theme').selectOption('light');
      await expect(html).toHaveAttribute('data-theme', 'light');
      await page.reload();
      await expect(page.locator('[data-app-state]')).toHaveAttribute('data-app-state', 'loaded');
      await expect(html).toHaveAttribute('data-theme', 'light');
      await page.getByTestId('settings-theme').selectOption('system');
      await expect(html).toHaveAttribute('data-theme', 'dark');
    });

    test('a drop on the Datasets panel imports and leaves no window overlay behind', async ({ page }) => {
      await openApp(page, app, '#/datasets');
      await expect(page.getByTestId('screen-datasets')).toHaveAttribute('data-state', 'loaded');
      await page.evaluate((text) => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], `panel-${Date.now()}.csv`, { type: 'text/csv' }));
        (window as unknown as { __drop: DataTransfer }).__drop = dt;
        document.body.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
      }, binaryCsv(120, 4));
      await expect(page.getByTestId('drop-overlay')).toBeVisible();
      await page.getByTestId('import-dropzone').evaluate((zone) => {
        const dt = (window as unknown as { __drop: DataTransfer }).__drop;
        zone.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      });
      await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
      await expect(page.getByTestId('dataset-preview')).toBeVisible({ timeout: 60_000 });
      await page.getByTestId('nav-studies').click();
      await expect(page.getByTestId('screen-studies')).toHaveAttribute('data-state', 'loaded');
      await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
    });
  });
}

/** Presses Tab until the element with `testid` has focus, failing after `max` presses. */
async function tabUntil(page: Page, testid: string, max: number): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
    if (focused === testid) return;
  }
  throw new Error(`${testid} not reached in ${max} Tab presses`);
}

/** Relative luminance of a CSS rgb() colour, 0 (black) to 1 (white). */
function luminance(css: string): number {
  const [r, g, b] = (css.match(/\d+(\.\d+)?/g) ?? ['255', '255', '255']).map(Number).map((c) => c / 255);
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
