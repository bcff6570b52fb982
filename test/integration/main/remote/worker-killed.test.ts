import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../../../helpers/cli';
import { assertBuilt, useTempDir, waitFor, waitForAsync } from '../../../helpers/temp-dir';
import { runsPastEpochOne, snapshot, spawnWorker, startsIn, TOKEN_ENV, useRemoteCleanup, wallTimes, writeSpec } from './remote-fixture';

const EPOCHS = 4;

describe('a remote worker killed mid-trial', () => {
  const tempDir = useTempDir();
  const remote = useRemoteCleanup();

  it('its trial resumes on the other worker from its last checkpoint, with no completed epoch lost', async () => {
    assertBuilt();
    const scratch = tempDir();
    const redis = await remote.redis();
    const spec = writeSpec(scratch, { name: 'kill-worker', budget: { maxTrials: 1 }, concurrency: 1 }, EPOCHS);
    // Trainers finish epoch 1 (checkpoint shipped and stored), then wait before epoch 2 for the gate.
    const gate = path.join(scratch, 'gate');
    const workers = ['w1', 'w2'].map((n) => remote.track(spawnWorker(scratch, n, redis.url, { fault: `gate=${gate}`, lockMs: 2000 })));
    const dataDir = path.join(scratch, 'data');
    const owner = remote.track(spawnCli(dataDir, ['run', spec, '--redis', redis.url], TOKEN_ENV));
    const [run] = await runsPastEpochOne(dataDir, 1, () => owner.output());
    const before = wallTimes(snapshot(dataDir)!);

    const victim = workers.find((w) => startsIn(w).length > 0)!;
    const survivor = workers.find((w) => w !== victim)!;
    victim.proc.kill('SIGKILL'); // its trainer exits with it (the IPC channel closes)
    // BullMQ's stalled-job check puts the job back; the survivor takes it from the checkpoint in Redis.
    const resumed = await waitFor(`the survivor to take the trial (survivor: ${survivor.output()})`, () => startsIn(survivor).find((s) => s.runId === run!.id), 120_000);
    expect(resumed.line).toMatch(/resuming after epoch 1$/);
    fs.writeFileSync(gate, '');

    const { code } = await owner.exited;
    expect(code, owner.output()).toBe(0);
    const s = snapshot(dataDir)!;
    const done = s.runs[0]!;
    expect(done.status).toBe('completed');
    expect(s.metrics.get(done.id)!.filter((m) => m.name === 'loss').map((m) => m.step)).toEqual([1, 2, 3, 4]);
    // Epoch 1 was trained once: its record is the one stored before the kill.
    expect(wallTimes(s).get(`run ${done.id} epoch 1`)).toBe(before.get(`run ${done.id} epoch 1`));
    // One attempt: the job moved between workers; the run never failed or spent its retry budget.
    expect(s.attempts.get(done.id)!.map((a) => a.outcome)).toEqual(['completed']);
    expect(done.backendNotes.join(' ')).toMatch(/trained by worker /);
    expect(startsIn(victim).map((x) => x.jobId)).toEqual([`${done.id}-1`]);

    // The killed worker is listed as lost (by Redis's clock, once its beats are overdue), the other online.
    let listing = '';
    await waitForAsync('the killed worker listed as lost', async () => {
      listing = (await runCli(dataDir, ['workers', '--redis', redis.url], TOKEN_ENV)).output;
      return /^lost /m.test(listing) && /^online /m.test(listing);
    }, 60_000).catch((err: Error) => {
      throw new Error(`${err.message}; last listing:\n${listing}`);
    });
  });
});
