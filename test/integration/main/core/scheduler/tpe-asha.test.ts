import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../../../../src/main/core/store/store';
import { runCli, spawnCli } from '../../../../helpers/cli';
import { peek } from '../../../../helpers/store-probe';
import { tinyStudySpec } from '../../../../helpers/study-fixtures';
import { assertBuilt, useTempDir, waitFor } from '../../../../helpers/temp-dir';

/**
 * TPE with an ASHA pruner, end to end through the CLI with real trainers, killed with SIGKILL after its
 * first pruned trial and resumed: the sampler and the pruner stay consistent across the crash — a pruned
 * trial is never pruned twice nor brought back, and the study completes its trial budget.
 */
describe('a TPE study with ASHA pruning, killed and resumed', () => {
  const tempDir = useTempDir();

  it('prunes at rungs, keeps every decision across a kill -9, and completes', async () => {
    assertBuilt();
    const dataDir = tempDir();
    const specPath = path.join(dataDir, 'study.json');
    const spec = tinyStudySpec(
      { name: 'tpe-asha', algorithm: 'tpe', sampler: { nStartupTrials: 2 }, pruner: { type: 'asha', minEpochs: 1, reductionFactor: 2 }, budget: { maxTrials: 8 } } as never,
      { epochs: { type: 'fixed', value: 4 }, learning_rate: { type: 'log-float', low: 1e-4, high: 3e-1 } },
    );
    fs.writeFileSync(specPath, JSON.stringify(spec));
    const dbPath = path.join(dataDir, 'studies.db');
    const owner = spawnCli(dataDir, ['run', specPath], { HPS_TRAINER_FAULT: 'slow=150' });
    const prunedBefore = await waitFor(
      `a pruned trial (output: ${owner.output()})`,
      () => {
        const pruned = peek(dbPath, (s) => s.listRuns(1, { status: ['pruned'] }).map((r) => ({ id: r.id, rung: r.rung, epochs: r.epochsDone, attempts: s.listAttempts(r.id).length })));
        return pruned && pruned.length > 0 ? pruned : null;
      },
      120_000,
      100,
    );
    owner.proc.kill('SIGKILL');
    await owner.exited;

    const resumed = await runCli(dataDir, ['resume', '1']);
    expect(resumed.code, resumed.output).toBe(0);
    const store = Store.openReadOnly(dbPath);
    try {
      expect(store.getStudy(1)?.status).toBe('completed');
      const runs = store.listRuns(1);
      expect(runs).toHaveLength(8);
      for (const before of prunedBefore) {
        const run = store.getRun(before.id)!;
        // Pruned before the kill: still pruned, at the same rung, never launched again.
        expect(run).toMatchObject({ status: 'pruned', rung: before.rung, epochsDone: before.epochs });
        expect(store.listAttempts(run.id)).toHaveLength(before.attempts);
      }
      const pruned = runs.filter((r) => r.status === 'pruned');
      expect(pruned.length).toBeGreaterThanOrEqual(prunedBefore.length);
      for (const run of pruned) {
        // ASHA (min 1 epoch, factor 2) judges at epochs 1 and 2: a pruned trial stopped at one of them.
        expect([1, 2]).toContain(run.epochsDone);
        expect(run.stopReason).toBeTruthy();
        expect(store.listAttempts(run.id).filter((a) => a.outcome === 'pruned')).toHaveLength(1);
      }
      for (const run of runs.filter((r) => r.status !== 'pruned')) expect(run).toMatchObject({ status: 'completed', epochsDone: 4 });
      // TPE proposed the trials after its 2 random start-up ones from what it had learned: all distinct.
      expect(new Set(runs.map((r) => r.params.learning_rate)).size).toBe(8);
    } finally {
      store.close();
    }
  });
});
