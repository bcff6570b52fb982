import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeLauncher } from '../../../../../src/main/core/scheduler/launcher-node';
import { Services } from '../../../../../src/main/core/services';
import { Store } from '../../../../../src/main/core/store/store';
import { assertBuilt, cliScript, trainerScript, useTempDir, waitFor } from '../../../../helpers/temp-dir';
import { tinyStudySpec } from '../../../../helpers/study-fixtures';

/**
 * The whole app is killed with SIGKILL mid-study (no chance to clean up). On the next start its
 * running trials are marked interrupted, and resuming continues each from its last checkpoint: the
 * epochs recorded before the kill are kept, not retrained from epoch 0.
 */
describe('kill -9 of the app, then resume', () => {
  const tempDir = useTempDir();

  it('marks running trials interrupted and resumes them from their last checkpoint', async () => {
    assertBuilt();
    const dataDir = tempDir();
    const specPath = path.join(dataDir, 'study.json');
    fs.writeFileSync(specPath, JSON.stringify(tinyStudySpec({ name: 'killme', budget: { maxTrials: 2 } }, { epochs: { type: 'fixed', value: 8 } })));

    const cli = spawn(process.execPath, [cliScript, '--data-dir', dataDir, 'run', specPath], {
      env: { ...process.env, HPS_TRAINER_FAULT: 'slow=300', CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    cli.stdout.on('data', (d) => (output += d));
    cli.stderr.on('data', (d) => (output += d));
    const exited = new Promise((r) => cli.on('exit', r));

    const dbPath = path.join(dataDir, 'studies.db');
    await waitFor('the database', () => fs.existsSync(dbPath), 30_000);
    const watcher = Store.open(dbPath);
    let checkpointed: { id: number; epoch: number }[] = [];
    try {
      checkpointed = await waitFor(
        `both trials to checkpoint epoch 2 (cli output so far: ${output})`,
        () => {
          const runs = watcher.listRuns(1).filter((r) => (r.lastCheckpointEpoch ?? 0) >= 2);
          return runs.length === 2 ? runs.map((r) => ({ id: r.id, epoch: r.lastCheckpointEpoch! })) : null;
        },
        60_000,
      );
    } finally {
      watcher.close();
    }
    cli.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();

    const s = new Services({ dataDir, launcher: new NodeLauncher(trainerScript), concurrency: 2 });
    try {
      expect(s.recovered).toMatchObject({ runs: 2, interrupted: 2 });
      const runsAfterKill = s.store.listRuns(1);
      expect(runsAfterKill.map((r) => r.status)).toEqual(['interrupted', 'interrupted']);
      const checkpointAt = new Map(runsAfterKill.map((r) => [r.id, r.lastCheckpointEpoch!]));
      for (const c of checkpointed) expect(checkpointAt.get(c.id)).toBeGreaterThanOrEqual(c.epoch);

      await s.scheduler.startStudy(1);
      for (const run of s.store.listRuns(1)) {
        expect(run.status).toBe('completed');
        expect(run.epochsDone).toBe(8);
        const losses = s.store.getMetrics(run.id, ['loss']);
        expect(losses.map((m) => m.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
        const resumedAfter = checkpointAt.get(run.id)!;
        // Epochs up to the checkpoint were trained before the kill and never redone.
        for (const m of losses) {
          if (m.step <= resumedAfter) expect(m.wallTime).toBeLessThan(killedAt);
          else expect(m.wallTime).toBeGreaterThan(killedAt);
        }
      }
      expect(s.store.getStudy(1)?.status).toBe('completed');
    } finally {
      await s.close();
    }
  });
});
