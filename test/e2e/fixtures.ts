import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { serveApp, type ServedApp } from './serve-app';

/** Where the screenshots go (gitignored); a person looks at them, no test compares pixels. */
export const SHOTS_DIR = path.resolve(__dirname, '..', '..', 'test-results', 'screens');

/**
 * A fresh data directory. `launched: true` writes the first-launch marker, so the app opens empty
 * instead of starting the sample study (see src/main/core/api/app/first-launch.ts).
 */
export function freshDataDir(opts: { launched: boolean }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hps-e2e-'));
  if (opts.launched) fs.writeFileSync(path.join(dir, 'launched'), 'e2e\n');
  return dir;
}

/** Serve mode on a fresh data directory, removed by stop(). */
export async function serveFresh(opts: { launched: boolean; env?: Record<string, string> }): Promise<ServedApp> {
  const dataDir = freshDataDir({ launched: opts.launched });
  const app = await serveApp({ dataDir, env: opts.env });
  const stop = app.stop.bind(app);
  return {
    ...app,
    async stop() {
      await stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens the tokened URL (with the parallel-coordinates test hook on) and waits for the shell. Errors
 * the page throws or logs are printed under a failing test, where they usually say what broke.
 */
export async function openApp(page: Page, app: ServedApp, hash = ''): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
  });
  pageErrors.set(page, errors);
  await page.addInitScript(() => {
    (window as unknown as { __HPS_TEST__: boolean }).__HPS_TEST__ = true;
  });
  await page.goto(`${app.url}${hash}`);
  await expect(page.locator('[data-app-state]')).toHaveAttribute('data-app-state', 'loaded');
}

const pageErrors = new WeakMap<Page, string[]>();

/** For afterEach: prints what the page threw or logged when the test failed. */
export function reportPageErrors(page: Page): void {
  const info = test.info();
  const errors = pageErrors.get(page) ?? [];
  if (info.status !== info.expectedStatus && errors.length > 0) console.log(`errors in the page during '${info.title}':\n  ${errors.join('\n  ')}`);
}

export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`) });
}

/** Row count the virtualized run table reports (all rows, not only those in the DOM). */
export async function runTableRowCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('run-table').getAttribute('aria-rowcount'));
}

/** A one-trial MLP study on the built-in binary sample (for app.call('studies.create', { spec })). */
export function oneTrialSpec(name: string, epochs: number): Record<string, unknown> {
  return {
    name,
    dataset: 'sample:binary-1000x10',
    template: 'mlp',
    objective: { metric: 'val_loss', direction: 'minimize' },
    algorithm: 'random',
    budget: { maxTrials: 1 },
    space: { epochs: { type: 'fixed', value: epochs }, learning_rate: { type: 'log-float', low: 1e-3, high: 1e-2 } },
  };
}
