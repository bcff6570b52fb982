/**
 * The study page's method panel on a big study (issue 12): time of studies.fits (every run's curves
 * judged), studies.groups (seed groups) and studies.leaderboard (group-aware ranking) on a finished
 * study of 10,000 runs × 50 epochs, next to runs.list on the same study in the same run (the reference:
 * what the page already asks for on every load).
 *
 *   node scripts/run-ts.mjs bench/study-method.ts [runs] [epochs]     (default: 10000 50)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApiContext } from '../src/main/core/api/context';
import { dispatch } from '../src/main/core/api/dispatch';
import { Services } from '../src/main/core/services';
import { writeBigStudy } from './lib/big-study';
import { InstantLauncher } from './lib/instant-launcher';

const runs = Number(process.argv[2] ?? 10_000);
const epochs = Number(process.argv[3] ?? 50);

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hps-bench-method-'));
  try {
    const { studyId, seconds } = writeBigStudy(dataDir, runs, epochs);
    console.log(`study of ${runs} runs × ${epochs} epochs written in ${seconds.toFixed(1)} s`);
    const services = new Services({ dataDir, launcher: new InstantLauncher(), concurrency: 1 });
    const ctx = createApiContext(services);
    try {
      const time = async (method: string, input: unknown) => {
        const samples: number[] = [];
        for (let i = 0; i < 3; i++) {
          const t0 = performance.now();
          const result = await dispatch(method as never, input, ctx);
          samples.push(performance.now() - t0);
          if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
        }
        return Math.min(...samples);
      };
      const rows: [string, number][] = [
        ['runs.list (reference)', await time('runs.list', { studyId })],
        ['studies.fits', await time('studies.fits', { id: studyId })],
        ['studies.groups', await time('studies.groups', { id: studyId })],
        ['studies.leaderboard', await time('studies.leaderboard', { id: studyId, limit: 10 })],
      ];
      const ref = rows[0]![1];
      for (const [name, ms] of rows) console.log(`${name.padEnd(24)} ${ms.toFixed(0).padStart(6)} ms   ${(ms / ref).toFixed(2)}× the reference`);
    } finally {
      ctx.dispose();
      await services.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
