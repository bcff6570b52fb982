import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../../../helpers/cli';
import { assertBuilt, useTempDir, waitFor, waitForAsync } from '../../../helpers/temp-dir';
import { queueHoldsJob, runsPastEpochOne, snapshot, spawnWorker, startsIn, TOKEN_ENV, useRemoteCleanup, wallTimes, writeSpec } from './remote-fixture';

const EPOCHS = 3;
const TRIALS = 3;

describe('Redis restarted mid-study, without persistence', () => {
  const tempDir = useTempDir();
  const remote = useRemoteCleanup();

  it('the owner and the workers reconnect, and the study completes with every epoch once', async () => {
    assertBuilt();
    const scratch = tempDir();
    const redis = await remote.redis();
    const spec = writeSpec(scratch, { name: 'redis-restart', budget: { maxTrials: TRIALS }, concurrency: TRIALS }, EPOCHS);
    const gate = path.join(scratch, 'gate');
    const workers = ['w1', 'w2'].map((n) => remote.track(spawnWorker(scratch, n, redis.url, { fault: `gate=${gate}` })));
    const dataDir = path.join(scratch, 'data');
    const owner = remote.track(spawnCli(dataDir, ['run', spec, '--redis', redis.url], TOKEN_ENV));
    // Two trials train (held before epoch 2), the third waits in the queue for a free worker: Redis then
    // loses the queue with that job, the streams, the checkpoints it held, the dataset, the workers' records.
    await runsPastEpochOne(dataDir, 2, () => owner.output());
    const waiting = snapshot(dataDir)!.runs.find((r) => (r.lastCheckpointEpoch ?? 0) === 0 && r.status === 'running');
    expect(waiting, 'a third trial launched').toBeDefined();
    await waitForAsync('the third job in the queue', () => queueHoldsJob(redis.url, `${waiting!.id}-1`));
    const before = wallTimes(snapshot(dataDir)!);
    await redis.restart();
    fs.writeFileSync(gate, '');

    const { code } = await owner.exited;
    expect(code, `${owner.output()}\n${workers.map((w) => w.output()).join('\n')}`).toBe(0);
    const s = snapshot(dataDir)!;
    expect(s.runs).toHaveLength(TRIALS);
    for (const run of s.runs) {
      expect(run.status, `run ${run.id}`).toBe('completed');
      expect(s.metrics.get(run.id)!.filter((m) => m.name === 'loss').map((m) => m.step), `run ${run.id}`).toEqual([1, 2, 3]);
      expect(s.attempts.get(run.id)!.map((a) => a.outcome), `run ${run.id}`).toEqual(['completed']);
    }
    // Epochs stored before the restart were not trained again.
    const after = wallTimes(s);
    for (const [key, wallTime] of before) expect(after.get(key), key).toBe(wallTime);
    // The waiting job Redis lost was queued again by the owner, from the start (it had no epoch yet).
    expect(s.runs.find((r) => r.id === waiting!.id)!.logTail).toMatch(/vanished from Redis with no worker on it; queued again from the start/);
    // The trials running across the restart went on where they were: each job started once.
    const starts = workers.flatMap(startsIn).map((x) => x.jobId);
    expect(new Set(starts).size, starts.join(', ')).toBe(starts.length);
    await waitFor('workers still pulling after the restart', () => workers.every((w) => w.proc.exitCode === null));
  });
});
