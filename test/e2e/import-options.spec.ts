import { expect, test } from '@playwright/test';
import { openApp, reportPageErrors, serveFresh, shot } from './fixtures';
import type { ServedApp } from './serve-app';

/**
 * The Datasets screen's import options reach the CSV reader (lines to skip, header), and the preview
 * says which columns the importer dropped or expanded and why; a failed import names the file the
 * user picked, never the server's upload folder.
 */

test.use({ actionTimeout: 15_000 });

let app: ServedApp;
test.beforeEach(async () => {
  app = await serveFresh({ launched: true });
});
test.afterEach(async ({ page }) => {
  reportPageErrors(page);
  await app.stop();
});

/** A survey export: a title line, then an id column, sign-up dates, free-text names, a score and a label. */
function surveyCsv(): string {
  const lines = ['Survey export (do not edit)', 'id,signup,name,score,label'];
  for (let i = 0; i < 40; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(`${i + 1},2024-${String((i % 12) + 1).padStart(2, '0')}-${day},person ${i},${((i * 37) % 100) / 10},${i % 3 === 0 ? 'yes' : 'no'}`);
  }
  return `${lines.join('\n')}\n`;
}

test('import options and column notes on the Datasets screen', async ({ page }) => {
  await openApp(page, app, '#/datasets');
  await expect(page.getByTestId('screen-datasets')).toHaveAttribute('data-state', 'loaded');

  await page.getByTestId('import-options-toggle').click();
  await page.getByTestId('import-skip-rows').fill('1');
  await page.getByTestId('import-header').selectOption('yes');
  await page.getByTestId('import-file-input').setInputFiles({ name: 'survey.csv', mimeType: 'text/csv', buffer: Buffer.from(surveyCsv()) });

  const notes = page.getByTestId('preview-column-notes');
  await expect(notes).toBeVisible();
  await expect(notes.locator('[data-column="id"]')).toHaveAttribute('data-kind', 'dropped');
  await expect(notes.locator('[data-column="name"]')).toContainText('every row has its own value');
  await expect(notes.locator('[data-column="signup"]')).toContainText('expanded to year, month, day_of_week, day_of_year');
  await expect(page.getByTestId('preview-columns')).toContainText('date · day of week');
  await expect(page.getByTestId('preview-notes')).toContainText('skipped the first 1 line(s) as asked');
  await shot(page, 'import-options-column-notes');

  const [dataset] = await app.call<{ featureNames: string[]; source: string }[]>('datasets.list');
  expect(dataset!.featureNames).toEqual(['signup_year', 'signup_month', 'signup_day_of_week', 'signup_day_of_year', 'score']);
  expect(dataset!.source).toBe('survey.csv');

  // A broken file: the error names it as the user knows it.
  await page.getByTestId('import-skip-rows').fill('');
  await page.getByTestId('import-header').selectOption('');
  await page.getByTestId('import-file-input').setInputFiles({ name: 'ragged.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b,label\n1,2,x\n1,2,3,y\n') });
  const error = page.getByTestId('import-error');
  await expect(error).toContainText('ragged.csv: line 3: 4 fields, but the header has 3');
  await expect(error).not.toContainText('uploads');
  await expect(error).not.toContainText(app.dataDir);
});
