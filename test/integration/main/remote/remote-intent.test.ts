import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeLauncher } from '../../../../src/main/core/scheduler/launcher-node';
import { Services } from '../../../../src/main/core/services';
import { tinyStudySpec } from '../../../helpers/study-fixtures';
import { assertBuilt, trainerScript, useTempDir, waitFor } from '../../../helpers/temp-dir';
import { spawnWorker, TOKEN, useRemoteCleanup } from './remote-fixture';

const EPOCHS = 4;

/**
 * Stored intent on remote trials, with the owner in this process: pause, stop-early and cancel reach
 * the worker's trainer through the control stream and end the runs as they would locally.
 */
describe('pause, stop early and cancel on remote trials', () => {
  const tempDir = useTempDir();
  const remote = useRemoteCleanup();

  async function setup(trials: number) {
    assertBuilt();
    const scratch = tempDir();
    const redis = await remote.redis();
    const gate = path.join(scratch, 'gate');
    const workers = ['w1', 'w2'].map((n) => remote.track(spawnWorker(scratch, n, redis.url, { fault: `gate=${gate}` })));
    process.env.HPS_WORKER_TOKEN = TOKEN;
    const services = new Services({ dataDir: path.join(scratch, 'data'), launcher: new NodeLauncher(trainerScript), concurrency: 1, redisUrl: redis.url });
    const study = services.createStudy(tinyStudySpec({ budget: { maxTrials: trials }, concurrency: trials, executor: { type: 'bullmq' } }, { epochs: { type: 'fixed', value: EPOCHS } }));
    const pastEpochOne = () =>
      waitFor(`${trials} run(s) past epoch 1 (workers: ${workers.map((w) => w.output()).join('\n')})`, () => {
        const runs = services.store.listRuns(study.id).filter((r) => r.epochsDone >= 1);
        return runs.length === trials ? runs : null;
      }, 120_000);
    return { services, study, gate, workers, pastEpochOne };
  }

  it('stop early ends a run as pruned after its next epoch; cancel ends the other at once', async () => {
    const { services, study, gate, pastEpochOne } = await setup(2);
    try {
      const done = services.scheduler.startStudy(study.id);
      const [a, b] = await pastEpochOne();
      services.scheduler.stopRunEarly(a!.id);
      services.scheduler.cancelRun(b!.id);
      await waitFor('the cancelled run to end', () => services.store.getRun(b!.id)?.status === 'cancelled', 60_000);
      fs.writeFileSync(gate, ''); // the pruned run trains epoch 2, then stops at its boundary
      await expect(done).resolves.toMatchObject({ status: 'completed' });
      const pruned = services.store.getRun(a!.id)!;
      expect([pruned.status, pruned.epochsDone]).toEqual(['pruned', 2]);
      expect(pruned.finalCheckpoint).toMatch(/epoch-2$/);
      expect(fs.existsSync(path.join(pruned.finalCheckpoint!, 'state.json'))).toBe(true);
      expect(services.store.getRun(b!.id)!.epochsDone).toBe(1);
    } finally {
      await services.close();
    }
  });

  it('pause stops the trial at its next epoch with its checkpoint home; resume continues it on a worker', async () => {
    const { services, study, gate, workers, pastEpochOne } = await setup(1);
    try {
      const running = services.scheduler.startStudy(study.id);
      const [run] = await pastEpochOne();
      const paused = services.scheduler.pauseStudy(study.id);
      fs.writeFileSync(gate, '');
      await expect(paused).resolves.toMatchObject({ status: 'paused' });
      await running;
      const atPause = services.store.getRun(run!.id)!;
      expect([atPause.status, atPause.epochsDone, atPause.lastCheckpointEpoch]).toEqual(['paused', 2, 2]);
      await expect(services.scheduler.startStudy(study.id)).resolves.toMatchObject({ status: 'completed' });
      const done = services.store.getRun(run!.id)!;
      expect([done.status, done.epochsDone]).toEqual(['completed', EPOCHS]);
      expect(services.store.listAttempts(run!.id).map((x) => [x.fromEpoch, x.outcome])).toEqual([
        [0, 'paused'],
        [2, 'completed'],
      ]);
      expect(workers.map((w) => w.output()).join('\n')).toMatch(new RegExp(`run ${run!.id} attempt 2 \\(job ${run!.id}-2\\): started, resuming after epoch 2`));
    } finally {
      await services.close();
    }
  });
});
