import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openApp, reportPageErrors, serveFresh } from './fixtures';
import type { ServedApp } from './serve-app';

/**
 * axe-core on every screen, in the light and the dark theme: no serious or critical violation (contrast,
 * names of controls, ARIA roles and attributes). Moderate and minor findings are printed, not failed.
 */

const spec = {
  name: 'e2e-a11y',
  dataset: 'sample:binary-1000x10',
  template: 'mlp',
  objective: { metric: 'val_loss', direction: 'minimize' },
  algorithm: 'random',
  seed: 5,
  budget: { maxTrials: 2 },
  concurrency: 2,
  space: {
    epochs: { type: 'fixed', value: 2 },
    units: { type: 'fixed', value: 8 },
    learning_rate: { type: 'log-float', low: 1e-3, high: 1e-1 },
    optimizer: { type: 'choice', values: ['adam', 'sgd'] },
  },
};

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1440, height: 900 }, actionTimeout: 15_000 });

let app: ServedApp;
let studyId: number;
let trials: number[];

test.beforeAll(async () => {
  test.setTimeout(180_000);
  app = await serveFresh({ launched: true });
  studyId = (await app.call<{ id: number }>('studies.create', { spec })).id;
  await expect.poll(async () => (await app.call<{ status: string }>('studies.get', { id: studyId })).status, { timeout: 150_000, intervals: [250] }).toBe('completed');
  trials = (await app.call<{ trialNumber: number }[]>('runs.list', { studyId })).map((r) => r.trialNumber);
});
test.afterAll(async () => {
  await app?.stop();
});
test.afterEach(async ({ page }) => reportPageErrors(page));

/** Screens and the marker each waits on. */
const screens = (): { name: string; hash: string; ready: (page: Page) => Promise<void> }[] => [
  { name: 'studies', hash: '#/studies', ready: (p) => expect(p.getByTestId('screen-studies')).toHaveAttribute('data-state', 'loaded') },
  { name: 'new study', hash: '#/new', ready: (p) => expect(p.getByTestId('screen-new-study')).toHaveAttribute('data-state', 'loaded') },
  { name: 'datasets', hash: '#/datasets', ready: (p) => expect(p.getByTestId('screen-datasets')).toHaveAttribute('data-state', 'loaded') },
  { name: 'dataset preview', hash: '#/datasets/sample%3Abinary-1000x10', ready: (p) => expect(p.getByTestId('dataset-preview')).toBeVisible() },
  { name: 'settings', hash: '#/settings', ready: (p) => expect(p.getByTestId('screen-settings')).toHaveAttribute('data-state', 'loaded') },
  { name: 'study', hash: `#/studies/${studyId}`, ready: (p) => expect(p.getByTestId('screen-study')).toHaveAttribute('data-state', 'loaded') },
  { name: 'trial', hash: `#/studies/${studyId}/trials/${trials[0]}`, ready: (p) => expect(p.getByTestId('screen-run')).toHaveAttribute('data-state', 'loaded') },
  { name: 'compare', hash: `#/studies/${studyId}/compare?trials=${trials.join(',')}`, ready: (p) => expect(p.getByTestId('screen-compare')).toHaveAttribute('data-state', 'loaded') },
];

for (const scheme of ['light', 'dark'] as const) {
  test(`no serious or critical axe violations on any screen (${scheme})`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.emulateMedia({ colorScheme: scheme });
    const found: string[] = [];
    for (const screen of screens()) {
      await openApp(page, app, screen.hash);
      await screen.ready(page);
      await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      for (const v of results.violations) {
        const line = `${screen.name}: ${v.impact} ${v.id} (${v.nodes.length}×) ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`;
        if (v.impact === 'serious' || v.impact === 'critical') found.push(line);
        else console.log(`[axe, not failing] ${line}`);
      }
      if (screen.name === 'study') {
        // The shortcut list is a dialog of its own.
        await page.keyboard.press('?');
        await expect(page.getByTestId('shortcut-help')).toBeVisible();
        const dialog = await new AxeBuilder({ page }).include('[data-testid="shortcut-help"]').analyze();
        for (const v of dialog.violations) if (v.impact === 'serious' || v.impact === 'critical') found.push(`shortcut help: ${v.impact} ${v.id} ${v.help}`);
        await page.keyboard.press('Escape');
      }
    }
    expect(found, found.join('\n')).toEqual([]);
  });
}
