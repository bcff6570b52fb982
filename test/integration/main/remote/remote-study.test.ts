import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../../../helpers/cli';
import { assertBuilt, useTempDir, waitFor } from '../../../helpers/temp-dir';
import { snapshot, spawnWorker, startsIn, TOKEN_ENV, useRemoteCleanup, writeSpec } from './remote-fixture';

const TRIALS = 4;
const EPOCHS = 3;

/** Per trial number: its params and its curves (metric name → values by epoch). */
function curvesByTrial(dataDir: string) {
  const s = snapshot(dataDir)!;
  return new Map(
    s.runs.map((r) => {
      const curves: Record<string, (number | null)[]> = {};
      for (const m of s.metrics.get(r.id)!) {
        if (m.name === 'epoch_time_ms' || m.name === 'samples_per_sec') continue; // timings, not results
        (curves[m.name] ??= [])[m.step - 1] = m.value;
      }
      return [r.trialNumber, { status: r.status, params: r.params, curves }];
    }),
  );
}

describe('a study trained by two remote workers', () => {
  const tempDir = useTempDir();
  const remote = useRemoteCleanup();

  it('completes with the curves a local run of the same spec gets', async () => {
    assertBuilt();
    const scratch = tempDir();
    const redis = await remote.redis();
    const spec = writeSpec(scratch, { name: 'remote', budget: { maxTrials: TRIALS }, concurrency: 2 }, EPOCHS);
    // Both workers hold their first trial before epoch 2 until the gate opens: each provably takes one.
    const gate = path.join(scratch, 'gate');
    const workers = ['w1', 'w2'].map((n) => remote.track(spawnWorker(scratch, n, redis.url, { fault: `gate=${gate}` })));
    const remoteDir = path.join(scratch, 'remote-data');
    const owner = remote.track(spawnCli(remoteDir, ['run', spec, '--redis', redis.url], TOKEN_ENV));
    await waitFor(`a trial started on each worker (owner: ${owner.output()})`, () => workers.every((w) => startsIn(w).length >= 1), 120_000);
    fs.writeFileSync(gate, '');
    const { code } = await owner.exited;
    expect(code, owner.output()).toBe(0);

    const local = await runCli(path.join(scratch, 'local-data'), ['run', spec]);
    expect(local.code, local.output).toBe(0);

    const viaWorkers = curvesByTrial(remoteDir);
    const onOwner = curvesByTrial(path.join(scratch, 'local-data'));
    expect(viaWorkers.size).toBe(TRIALS);
    for (const [trial, expected] of onOwner) {
      const got = viaWorkers.get(trial)!;
      expect(got.status, `trial ${trial}`).toBe('completed');
      expect(got.params, `trial ${trial}`).toEqual(expected.params);
      // Same metrics at the same epochs, no gap and no extra point.
      expect(Object.keys(got.curves).sort(), `trial ${trial}`).toEqual(Object.keys(expected.curves).sort());
      for (const [name, values] of Object.entries(expected.curves)) {
        expect(got.curves[name]!.length, `trial ${trial} ${name}`).toBe(EPOCHS);
        expect(got.curves[name]!.every((v) => v === null || Number.isFinite(v)), `trial ${trial} ${name}`).toBe(true);
        expect(values.length).toBe(EPOCHS);
      }
      // Same seed, same data, same backend: the very same numbers, wherever the trial trained.
      expect(got.curves, `trial ${trial}`).toEqual(expected.curves);
    }
    // Every trial ran on a worker (its run says which), both workers trained, and no job started twice.
    const s = snapshot(remoteDir)!;
    for (const run of s.runs) expect(run.backendNotes.join(' ')).toMatch(/trained by worker /);
    const starts = workers.flatMap(startsIn);
    expect(starts.map((x) => x.jobId).sort()).toEqual(s.runs.map((r) => `${r.id}-1`).sort());
    // The checkpoints came home: the run folders hold the final ones, as after a local run.
    for (const run of s.runs) expect(fs.existsSync(path.join(run.finalCheckpoint!, 'state.json')), `run ${run.id}`).toBe(true);

    const listed = await runCli(remoteDir, ['workers', '--redis', redis.url], TOKEN_ENV);
    expect(listed.code, listed.output).toBe(0);
    expect(listed.output.match(/^online /gm)?.length, listed.output).toBe(2);
  });
});
