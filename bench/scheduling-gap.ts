/**
 * Scheduling cost against study size (issue 8): the gap from one trial's end to the next launch, and
 * the owner's memory, over studies of 100 and 10,000 trials with trainers that finish at once (one at a
 * time, random search on a continuous space). Reference in the same run: listing every run of the study
 * from the store, which each launch used to do (twice) before the scheduler kept its state in step.
 *
 *   node scripts/run-ts.mjs bench/scheduling-gap.ts [sizes…]     (default: 100 10000)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Services } from '../src/main/core/services';
import { studySpecSchema } from '../src/shared/domain/study-spec';
import { InstantLauncher } from './lib/instant-launcher';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

async function measure(trials: number) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hps-gap-'));
  const launcher = new InstantLauncher();
  const services = new Services({ dataDir, launcher, concurrency: 1 });
  try {
    const spec = studySpecSchema.parse({
      name: `gap-${trials}`,
      dataset: 'sample:binary-1000x10',
      template: 'mlp',
      budget: { maxTrials: trials },
      concurrency: 1,
      space: { epochs: { type: 'fixed', value: 1 }, learning_rate: { type: 'log-float', low: 1e-4, high: 1e-1 }, dropout: { type: 'float', low: 0, high: 0.5 } },
    });
    const study = services.createStudy(spec);
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const heapBefore = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    await services.scheduler.startStudy(study.id);
    const seconds = (performance.now() - t0) / 1000;
    global.gc?.();
    const rssAfter = process.memoryUsage().rss;
    const heapAfter = process.memoryUsage().heapUsed;
    const gaps = launcher.launchedAt.slice(1).map((at, i) => at - launcher.exitedAt[i]!);
    const last = gaps.slice(-Math.min(100, gaps.length));
    const t1 = performance.now();
    const reps = 5;
    for (let i = 0; i < reps; i++) services.store.listRuns(study.id);
    const listMs = (performance.now() - t1) / reps;
    return { trials, seconds, medianGap: quantile(gaps, 0.5), p90Gap: quantile(gaps, 0.9), lastMedian: quantile(last, 0.5), rssBefore, rssAfter, heapBefore, heapAfter, listMs };
  } finally {
    await services.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const rows = [];
  for (const n of sizes.length ? sizes : [100, 10_000]) rows.push(await measure(n));
  console.log("\nGap from a trial's end to the next launch (ms), owner memory (MB); reference: listing every run once (ms)");
  console.log('trials   total s   median   p90   median of last 100   RSS before→after   JS heap before→after   ref: listRuns');
  for (const r of rows) {
    console.log(
      `${String(r.trials).padStart(6)}  ${r.seconds.toFixed(1).padStart(8)}  ${r.medianGap.toFixed(2).padStart(7)}  ${r.p90Gap.toFixed(2).padStart(5)}  ${r.lastMedian.toFixed(2).padStart(19)}  ${`${mb(r.rssBefore)}→${mb(r.rssAfter)}`.padStart(17)}  ${`${mb(r.heapBefore)}→${mb(r.heapAfter)}`.padStart(21)}  ${r.listMs.toFixed(2).padStart(13)}`,
    );
  }
}

void main();
