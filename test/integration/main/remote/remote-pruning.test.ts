import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../../../helpers/cli';
import { assertBuilt, useTempDir } from '../../../helpers/temp-dir';
import { snapshot, spawnWorker, TOKEN_ENV, useRemoteCleanup, writeSpec } from './remote-fixture';

const TRIALS = 5;
const EPOCHS = 3;

/** Per trial number: how it ended (status, epochs, rung, why it stopped) and its loss curve. */
function outcomes(dataDir: string) {
  const s = snapshot(dataDir)!;
  return new Map(
    s.runs.map((r) => [
      r.trialNumber,
      {
        end: [r.status, r.epochsDone, r.rung, r.stopReason],
        loss: s.metrics.get(r.id)!.filter((m) => m.name === 'val_loss').map((m) => m.value),
      },
    ]),
  );
}

/**
 * The pruner and the budgets stay with the owner; a remote trainer waits for the owner's verdict on each
 * epoch as a local one does (the verdict travels through the job's control stream). One trial at a time,
 * so each verdict sees the same history both ways: the same trials are pruned or stopped at the same
 * epochs, for the same reasons, whether they trained on a worker or on the owner.
 */
describe('pruner and budget verdicts on remote trials', () => {
  const tempDir = useTempDir();
  const remote = useRemoteCleanup();

  it('prunes and stops the same trials at the same epochs as a local run of the spec', async () => {
    assertBuilt();
    const scratch = tempDir();
    const redis = await remote.redis();
    const spec = writeSpec(
      scratch,
      {
        name: 'remote-pruning',
        concurrency: 1,
        // Median of the trials before it, from the second trial on; the epoch budget runs out in the last trial.
        pruner: { type: 'median', warmupTrials: 1, warmupEpochs: 0, intervalEpochs: 1, minTrials: 1 },
        budget: { maxTrials: TRIALS, maxEpochs: 10 },
      },
      EPOCHS,
    );
    remote.track(spawnWorker(scratch, 'w1', redis.url));
    const remoteDir = path.join(scratch, 'remote-data');
    const owner = remote.track(spawnCli(remoteDir, ['run', spec, '--redis', redis.url], TOKEN_ENV));
    const { code } = await owner.exited;
    expect(code, owner.output()).toBe(0);

    const local = await runCli(path.join(scratch, 'local-data'), ['run', spec]);
    expect(local.code, local.output).toBe(0);

    const onOwner = outcomes(path.join(scratch, 'local-data'));
    const viaWorker = outcomes(remoteDir);
    const ends = [...onOwner.values()].map((o) => o.end[0]);
    // The spec is one whose verdicts matter: at least one trial pruned and one stopped by the budget.
    expect(ends, JSON.stringify([...onOwner])).toContain('pruned');
    expect(ends, JSON.stringify([...onOwner])).toContain('paused');
    expect([...viaWorker]).toEqual([...onOwner]);
    for (const run of snapshot(remoteDir)!.runs) expect(run.backendNotes.join(' ')).toMatch(/trained by worker /);
  });
});
