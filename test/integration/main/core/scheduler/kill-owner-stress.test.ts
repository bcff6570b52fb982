import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../../../../src/main/core/store/store';
import { mulberry32 } from '../../../../../src/shared/random';
import { spawnCli, type CliProcess } from '../../../../helpers/cli';
import { tinyStudySpec } from '../../../../helpers/study-fixtures';
import { peek } from '../../../../helpers/store-probe';
import { assertBuilt, useTempDir, waitFor } from '../../../../helpers/temp-dir';

const KILLS = 20;
const EPOCHS = 30;
/**
 * Twenty owners start (Node, the database, recovery, trainers loading tfjs) and die, then one finishes:
 * about a minute on this 2-core machine with two busy loops beside it, which is what this budget is for.
 */
const STRESS_BUDGET_MS = 300_000;

/** Every stored epoch's wall time by run and epoch; null while the owner is still creating the database. */
function storedEpochs(dbPath: string): Map<string, number> | null {
  return peek(dbPath, (store) => {
    const out = new Map<string, number>();
    for (const run of store.listRuns(1)) for (const m of store.getMetrics(run.id, ['loss'])) out.set(`run ${run.id} epoch ${m.step}`, m.wallTime);
    return out;
  });
}

/**
 * The owner (a CLI `run`, then `resume`) killed with SIGKILL at random moments, 20 times: during start-up,
 * recovery, launches, epochs and checkpoint writes. An epoch whose metrics were stored is never trained
 * again (its stored wall time never changes), and the last resume ends every run completed.
 */
describe('kill -9 of the owner at random moments', () => {
  const tempDir = useTempDir();

  it(`${KILLS} kills: no stored epoch is retrained, and resume completes every run`, async () => {
    assertBuilt();
    const dataDir = tempDir();
    const specPath = path.join(dataDir, 'study.json');
    fs.writeFileSync(specPath, JSON.stringify(tinyStudySpec({ name: 'stress', budget: { maxTrials: 3 } }, { epochs: { type: 'fixed', value: EPOCHS } })));
    const dbPath = path.join(dataDir, 'studies.db');
    const seed = Number(process.env.HPS_STRESS_SEED ?? 20261127);
    const rng = mulberry32(seed);
    const seen = new Map<string, number>();
    const check = (when: string) => {
      for (const [key, wallTime] of storedEpochs(dbPath) ?? []) {
        const before = seen.get(key);
        if (before !== undefined) expect(wallTime, `${key} was trained again (${when}, seed ${seed})`).toBe(before);
        seen.set(key, wallTime);
      }
    };
    const env = { HPS_TRAINER_FAULT: 'slow=250' };
    for (let i = 0; i < KILLS; i++) {
      const owner: CliProcess = spawnCli(dataDir, i === 0 ? ['run', specPath] : ['resume', '1'], env);
      // Half the kills land during start-up (opening, recovery, launches, backend loading), half while
      // training: after 1-3 more stored epochs, plus up to an epoch's time (mid-epoch, mid-checkpoint).
      if (rng() < 0.5) {
        await new Promise((r) => setTimeout(r, rng() * 800));
      } else {
        const target = (storedEpochs(dbPath)?.size ?? 0) + 1 + Math.floor(rng() * 3);
        await waitFor(`${target} stored epochs (kill ${i + 1}; output: ${owner.output()})`, () => (storedEpochs(dbPath)?.size ?? 0) >= target, 60_000);
        await new Promise((r) => setTimeout(r, rng() * 300));
      }
      owner.proc.kill('SIGKILL');
      const { signal } = await owner.exited;
      expect(signal, `the owner ended by itself before kill ${i + 1}: the study is too short for the test\n${owner.output()}`).toBe('SIGKILL');
      check(`after kill ${i + 1}`);
    }
    expect(seen.size).toBeGreaterThan(0);

    const last = spawnCli(dataDir, ['resume', '1']);
    const { code } = await last.exited;
    expect(code, last.output()).toBe(0);
    check('after the last resume');
    const store = Store.openReadOnly(dbPath);
    try {
      expect(store.getStudy(1)?.status).toBe('completed');
      for (const run of store.listRuns(1)) {
        expect(run.status).toBe('completed');
        expect(store.getMetrics(run.id, ['loss']).map((m) => m.step)).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
        // Kills cost launches, never the retry budget: no attempt failed.
        expect(store.listAttempts(run.id).filter((a) => a.outcome === 'failed' || a.outcome === 'retried')).toEqual([]);
      }
    } finally {
      store.close();
    }
  }, STRESS_BUDGET_MS);

  it('kill -9 of one trainer: its trial resumes from its checkpoint on the next attempt, the others are untouched', async () => {
    assertBuilt();
    const dataDir = tempDir();
    const specPath = path.join(dataDir, 'study.json');
    fs.writeFileSync(specPath, JSON.stringify(tinyStudySpec({ name: 'one-trainer', budget: { maxTrials: 2 } }, { epochs: { type: 'fixed', value: 8 } })));
    const owner = spawnCli(dataDir, ['run', specPath], { HPS_TRAINER_FAULT: 'slow=250' });
    const dbPath = path.join(dataDir, 'studies.db');
    const victim = await waitFor(
      `a trainer past epoch 2 (output: ${owner.output()})`,
      () =>
        peek(dbPath, (store) => {
          const run = store.listRuns(1).find((r) => r.status === 'running' && r.pid !== null && (r.lastCheckpointEpoch ?? 0) >= 2);
          return run ? { id: run.id, pid: run.pid!, epoch: run.lastCheckpointEpoch! } : null;
        }),
      60_000,
    );
    process.kill(victim.pid, 'SIGKILL');
    expect((await owner.exited).code, owner.output()).toBe(0);
    const store = Store.openReadOnly(dbPath);
    try {
      const attempts = store.listAttempts(victim.id);
      expect(attempts.map((a) => a.outcome)).toEqual(['retried', 'completed']);
      expect(attempts[0]!.error).toMatch(/crashed \(signal SIGKILL\)/);
      expect(attempts[1]!.fromEpoch).toBeGreaterThanOrEqual(victim.epoch);
      for (const run of store.listRuns(1)) {
        expect(run.status).toBe('completed');
        expect(store.getMetrics(run.id, ['loss']).map((m) => m.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      }
      const other = store.listRuns(1).find((r) => r.id !== victim.id)!;
      expect(store.listAttempts(other.id).map((a) => a.outcome)).toEqual(['completed']);
    } finally {
      store.close();
    }
  });
});
