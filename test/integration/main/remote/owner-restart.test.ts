import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../../../helpers/cli';
import { assertBuilt, useTempDir, waitFor } from '../../../helpers/temp-dir';
import { runsPastEpochOne, snapshot, spawnWorker, startsIn, TOKEN_ENV, useRemoteCleanup, wallTimes, writeSpec } from './remote-fixture';

const EPOCHS = 3;

describe('the owner killed and restarted mid-study', () => {
  const tempDir = useTempDir();
  const remote = useRemoteCleanup();

  it('re-attaches to the jobs its workers kept training: no trial runs twice, no epoch is lost', async () => {
    assertBuilt();
    const scratch = tempDir();
    const redis = await remote.redis();
    const spec = writeSpec(scratch, { name: 'owner-restart', budget: { maxTrials: 2 }, concurrency: 2 }, EPOCHS);
    const gate = path.join(scratch, 'gate');
    const workers = ['w1', 'w2'].map((n) => remote.track(spawnWorker(scratch, n, redis.url, { fault: `gate=${gate}` })));
    const dataDir = path.join(scratch, 'data');
    const first = remote.track(spawnCli(dataDir, ['run', spec, '--redis', redis.url], TOKEN_ENV));
    await runsPastEpochOne(dataDir, 2, () => first.output());
    const before = wallTimes(snapshot(dataDir)!);
    first.proc.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    // The workers train on without an owner: past the gate, every epoch and the end wait in Redis.
    fs.writeFileSync(gate, '');
    await waitFor('both trainers to end without an owner', () => workers.every((w) => /trainer ended/.test(w.output())), 120_000);
    const second = remote.track(spawnCli(dataDir, ['resume', '1', '--redis', redis.url], TOKEN_ENV));
    const { code } = await second.exited;
    expect(code, second.output()).toBe(0);

    const s = snapshot(dataDir)!;
    expect(s.runs).toHaveLength(2);
    for (const run of s.runs) {
      expect(run.status, `run ${run.id}`).toBe('completed');
      expect(s.metrics.get(run.id)!.filter((m) => m.name === 'loss').map((m) => m.step), `run ${run.id}`).toEqual([1, 2, 3]);
      // Attempt 1 died with its owner; attempt 2 is the same job, re-attached, not a second training.
      expect(s.attempts.get(run.id)!.map((a) => a.outcome), `run ${run.id}`).toEqual(['interrupted', 'completed']);
      expect(run.logTail, `run ${run.id}`).toMatch(/re-attached to job \d+-1/);
    }
    const after = wallTimes(s);
    for (const [key, wallTime] of before) expect(after.get(key), `${key} was trained again`).toBe(wallTime);
    // Each run's job started exactly once, on one worker, and no job of a later attempt was queued.
    const starts = workers.flatMap(startsIn).map((x) => x.jobId).sort();
    expect(starts).toEqual(s.runs.map((r) => `${r.id}-1`).sort());
  });

  it('re-attaches while the trials still train, and they carry on', async () => {
    assertBuilt();
    const scratch = tempDir();
    const redis = await remote.redis();
    const spec = writeSpec(scratch, { name: 'owner-restart-live', budget: { maxTrials: 1 }, concurrency: 1 }, EPOCHS);
    const gate = path.join(scratch, 'gate');
    const worker = remote.track(spawnWorker(scratch, 'w1', redis.url, { fault: `gate=${gate}` }));
    const dataDir = path.join(scratch, 'data');
    const first = remote.track(spawnCli(dataDir, ['run', spec, '--redis', redis.url], TOKEN_ENV));
    await runsPastEpochOne(dataDir, 1, () => first.output());
    first.proc.kill('SIGKILL');
    await first.exited;

    const second = remote.track(spawnCli(dataDir, ['resume', '1', '--redis', redis.url], TOKEN_ENV));
    // The new owner has re-attached (attempt 2 is running) while the trainer still waits at the gate.
    await waitFor(`attempt 2 running (${second.output()})`, () => snapshot(dataDir)?.runs.find((r) => r.attempt === 2 && r.status === 'running'), 120_000);
    fs.writeFileSync(gate, '');
    const { code } = await second.exited;
    expect(code, second.output()).toBe(0);
    const s = snapshot(dataDir)!;
    expect(s.runs[0]!.status).toBe('completed');
    expect(s.metrics.get(s.runs[0]!.id)!.filter((m) => m.name === 'loss').map((m) => m.step)).toEqual([1, 2, 3]);
    expect(startsIn(worker).map((x) => x.jobId)).toEqual([`${s.runs[0]!.id}-1`]);
  });
});
