/**
 * The Study page with 10,000 runs × 50 epochs, in Chromium against serve mode:
 *   (a) page usable: navigation start → run rows rendered and parallel coordinates drawn
 *   (b) sort: click a column header → the top row changes
 *   (c) brush: a brush on the parallel coordinates → the table's row set changes
 * next to a reference measured in the same page: runs.list fetched + parsed, and a plain Array.sort of
 * 10k objects. Targets (issue 4): 1.5 s / 100 ms / 150 ms.
 *
 *   npm run build && node scripts/run-ts.mjs bench/ui-study-page.ts [--runs 10000] [--epochs 50] [--repeats 5]
 *
 * Figures are the page's own performance.now() (Playwright's round trips are not in them).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { serveApp } from '../test/e2e/serve-app';
import { writeBigStudy } from './lib/big-study';
import { installLoadProbe, referenceTimings, timeTableChange, type ChangeTiming, type LoadProbeResult } from './lib/page-probes';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const RUNS = arg('runs', 10_000);
const EPOCHS = arg('epochs', 50);
const REPEATS = arg('repeats', 5);
const LOADS = arg('loads', 3);
const TARGETS = { loadMs: 1500, sortMs: 100, brushMs: 150 };

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : `${x.toFixed(0)} ms`);

async function measureLoad(page: Page, url: string): Promise<LoadProbeResult> {
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __loadProbe?: { done: boolean } }).__loadProbe?.done === true, undefined, { timeout: 90_000 });
  return page.evaluate(() => {
    const p = (window as unknown as { __loadProbe: LoadProbeResult }).__loadProbe;
    return { tableAt: p.tableAt, chartFirstAt: p.chartFirstAt, chartCompleteAt: p.chartCompleteAt };
  });
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hps-bench-ui-'));
  fs.writeFileSync(path.join(dataDir, 'launched'), 'bench\n'); // no sample study on first load
  console.log(`writing a study of ${RUNS} runs × ${EPOCHS} epochs into ${dataDir} …`);
  const { studyId, seconds } = writeBigStudy(dataDir, RUNS, EPOCHS);
  console.log(`  written in ${seconds.toFixed(1)} s`);

  const app = await serveApp({ dataDir });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript(installLoadProbe);
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error(`  page error: ${err.message}`));
    const url = `${app.url}#/studies/${studyId}`;

    // (a) page loads: the first one meets a cold server; all are reported.
    const loads: LoadProbeResult[] = [];
    for (let i = 0; i < LOADS; i++) loads.push(await measureLoad(page, url));
    const usable = loads.map((l) => (l.tableAt === null || l.chartFirstAt === null ? null : Math.max(l.tableAt, l.chartFirstAt)));
    const complete = loads.map((l) => (l.tableAt === null || l.chartCompleteAt === null ? null : Math.max(l.tableAt, l.chartCompleteAt)));

    // (b) sort: alternate two columns so every click moves the top row.
    const headers = await page.$$eval('[data-testid^="run-table-header-"]', (els) => els.map((e) => e.getAttribute('data-testid')!));
    const sortKeys = ['run-table-header-param:learning_rate', 'run-table-header-param:dropout'].filter((k) => headers.includes(k));
    const sorts: ChangeTiming[] = [];
    const sortErrors: string[] = [];
    if (sortKeys.length < 2) sortErrors.push(`expected headers param:learning_rate and param:dropout, found: ${headers.join(', ')}`);
    else {
      for (let i = 0; i < REPEATS; i++) {
        try {
          sorts.push(await page.evaluate(timeTableChange, `sort:${sortKeys[i % 2]}`));
        } catch (err) {
          sortErrors.push((err as Error).message);
        }
      }
    }

    // (c) brush: alternate two decades of learning_rate so every brush changes the row set.
    const brushes: ChangeTiming[] = [];
    const brushErrors: string[] = [];
    const ranges = ['brush:learning_rate:0.0001:0.001', 'brush:learning_rate:0.001:0.01'];
    for (let i = 0; i < REPEATS; i++) {
      try {
        brushes.push(await page.evaluate(timeTableChange, ranges[i % 2]!));
      } catch (err) {
        brushErrors.push((err as Error).message);
        break;
      }
    }

    const reference = await page.evaluate(referenceTimings, { token: app.token, studyId, repeats: REPEATS });

    const rows: [string, string, string, string][] = [
      ['study page usable (rows + chart first frame)', ms(median(usable.filter((x): x is number => x !== null))), `< ${TARGETS.loadMs} ms`, `each load: ${usable.map(ms).join(', ')}`],
      ['  … every line of the chart drawn', ms(median(complete.filter((x): x is number => x !== null))), '', `each load: ${complete.map(ms).join(', ')}`],
      ['  … parallel coordinates first frame', ms(median(loads.map((l) => l.chartFirstAt ?? NaN))), '', `each load: ${loads.map((l) => ms(l.chartFirstAt)).join(', ')}`],
      ['  … first run row in the DOM', ms(median(loads.map((l) => l.tableAt ?? NaN))), '', `each load: ${loads.map((l) => ms(l.tableAt)).join(', ')}`],
      ['sort (click header → top row changes, painted)', sorts.length ? ms(median(sorts.map((s) => s.paintMs))) : 'n/a', `< ${TARGETS.sortMs} ms`, sorts.length ? `DOM: ${ms(median(sorts.map((s) => s.domMs)))}; each: ${sorts.map((s) => ms(s.paintMs)).join(', ')}` : sortErrors.join('; ')],
      ['brush (hook → table rows change, painted)', brushes.length ? ms(median(brushes.map((s) => s.paintMs))) : 'n/a', `< ${TARGETS.brushMs} ms`, brushes.length ? `DOM: ${ms(median(brushes.map((s) => s.domMs)))}; each: ${brushes.map((s) => ms(s.paintMs)).join(', ')}` : brushErrors.join('; ')],
      ['reference: runs.list fetch + JSON.parse', ms(median(reference.fetchParseMs)), '', `${reference.runs} runs, ${(reference.bytes / 1e6).toFixed(1)} MB of JSON`],
      ['reference: Array.sort of 10k objects', `${median(reference.sortMs).toFixed(1)} ms`, '', 'numeric key, in the same page'],
    ];
    console.log(`\nStudy page, ${RUNS} runs × ${EPOCHS} epochs, Chromium ${browser.version()} (headless, software rendering), medians of ${REPEATS} (loads: ${LOADS})`);
    const w = [46, 10, 11];
    console.log(`${'measure'.padEnd(w[0]!)} ${'measured'.padStart(w[1]!)}  ${'target'.padEnd(w[2]!)} notes`);
    for (const [name, value, target, note] of rows) console.log(`${name.padEnd(w[0]!)} ${value.padStart(w[1]!)}  ${target.padEnd(w[2]!)} ${note}`);
    if (sortErrors.length || brushErrors.length) {
      console.log('\nproblems:');
      for (const e of [...sortErrors, ...brushErrors]) console.log(`  ${e}`);
      process.exitCode = 1;
    }
  } finally {
    await browser.close();
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
