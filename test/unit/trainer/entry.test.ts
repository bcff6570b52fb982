import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HostToTrainer, StartMessage, TrainerToHost } from '../../../src/shared/trainer-protocol';
import type { ParamSet } from '../../../src/shared/domain/space';
import { repoRoot, useTempDir, waitFor } from '../../helpers/temp-dir';
import { startMessage } from './fixtures/start-message';
import { writeBinaryDataset } from './fixtures/synthetic-dataset';

// The entry is bundled here rather than taken from out/node, so this file tests the current source
// (inside the repo: the bundle resolves tfjs from node_modules at run time).
const bundle = path.join(repoRoot, 'out', 'test', `trainer-entry-${process.pid}.js`);
const tempDir = useTempDir('hps-entry-');

beforeAll(async () => {
  await build({ entryPoints: ['src/trainer/entry.ts'], outfile: bundle, bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'warning', absWorkingDir: repoRoot });
  return () => fs.rmSync(bundle, { force: true });
});

interface Trainer {
  child: ChildProcess;
  msgs: TrainerToHost[];
  exit: Promise<{ code: number | null; signal: string | null }>;
  send(msg: HostToTrainer): void;
  stderr: () => string;
}

function launch(params: ParamSet, env: Record<string, string> = {}, execArgv: string[] = [], sendStart = true, extra: Partial<StartMessage> = {}): Trainer {
  const root = tempDir();
  const cacheDir = path.join(root, 'dataset');
  const meta = writeBinaryDataset(cacheDir, { train: 32, val: 16 });
  const child = fork(bundle, [], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'advanced', env: { ...process.env, ...env }, execArgv });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout!.resume();
  const msgs: TrainerToHost[] = [];
  child.on('message', (m) => msgs.push(m as TrainerToHost));
  const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  if (sendStart) child.send(startMessage(root, cacheDir, meta, params, extra));
  return { child, msgs, exit, send: (m) => child.send(m), stderr: () => err };
}

const types = (msgs: TrainerToHost[]) => msgs.filter((m) => m.type !== 'heartbeat').map((m) => m.type);
const epochs = (msgs: TrainerToHost[]) => msgs.filter((m) => m.type === 'epoch').length;

describe('trainer process', () => {
  it('says ready, beats, reports every epoch with the checkpoint written at its end, then done, and exits 0', async () => {
    const t = launch({ epochs: 2, batch_size: 8 });
    expect(await t.exit).toEqual({ code: 0, signal: null });
    expect(types(t.msgs)).toEqual(['ready', 'epoch', 'epoch', 'done']);
    expect(t.msgs.find((m) => m.type === 'ready')).toMatchObject({ protocol: 2, pid: t.child.pid, backend: 'cpu' });
    expect(t.msgs.some((m) => m.type === 'heartbeat')).toBe(true);
    for (const m of t.msgs) {
      // The checkpoint an epoch message names is on disk when the message is sent.
      if (m.type === 'epoch') expect(fs.existsSync(path.join(m.checkpoint!.path, 'state.json'))).toBe(true);
    }
  });

  it('beats from its first line, before any start message', async () => {
    const t = launch({ epochs: 2 }, {}, [], false);
    await waitFor('a heartbeat', () => t.msgs.some((m) => m.type === 'heartbeat'), 20_000);
    expect(types(t.msgs)).toEqual([]);
    t.child.kill('SIGKILL');
    await t.exit;
  });

  it('continue withdraws an epoch-end stop not yet carried out', async () => {
    const t = launch({ epochs: 3 }, { HPS_TRAINER_FAULT: 'slow=300' });
    await waitFor('ready', () => t.msgs.some((m) => m.type === 'ready'), 20_000);
    t.send({ type: 'stop', mode: 'epoch-end', reason: 'paused' });
    t.send({ type: 'continue' });
    expect((await t.exit).code).toBe(0);
    expect(t.msgs.find((m) => m.type === 'done')).toMatchObject({ stoppedBy: 'completed', epochsDone: 3 });
  });

  it('with verdicts, waits for the host after each epoch and stops at the epoch a verdict stops it', async () => {
    const t = launch({ epochs: 5 }, {}, [], true, { verdicts: true });
    await waitFor('epoch 1', () => epochs(t.msgs) === 1, 20_000);
    // Nothing moves without a verdict: the trainer waits (it keeps beating).
    const beats = () => t.msgs.filter((m) => m.type === 'heartbeat').length;
    const before = beats();
    await waitFor('a heartbeat while it waits', () => beats() > before, 20_000);
    expect(epochs(t.msgs)).toBe(1);
    t.send({ type: 'verdict', epoch: 1, stop: null });
    await waitFor('epoch 2', () => epochs(t.msgs) === 2, 20_000);
    t.send({ type: 'verdict', epoch: 2, stop: 'pruned' });
    expect((await t.exit).code).toBe(0);
    expect(t.msgs.find((m) => m.type === 'done')).toMatchObject({ stoppedBy: 'pruned', epochsDone: 2 });
  });

  it('enospc@2: reports the failure as retryable (its cause lies outside the config)', async () => {
    const t = launch({ epochs: 5 }, { HPS_TRAINER_FAULT: 'enospc@2' });
    expect((await t.exit).code).toBe(1);
    expect(t.msgs.at(-1)).toMatchObject({ type: 'failed', message: expect.stringMatching(/ENOSPC/), retryable: true });
  });

  it('stops at the end of the epoch on request and reports why', async () => {
    const t = launch({ epochs: 50 }, { HPS_TRAINER_FAULT: 'slow=100' });
    await waitFor('first epoch', () => epochs(t.msgs) >= 1, 20_000);
    t.send({ type: 'stop', mode: 'epoch-end', reason: 'pruned' });
    expect((await t.exit).code).toBe(0);
    const done = t.msgs.find((m) => m.type === 'done');
    expect(done).toMatchObject({ stoppedBy: 'pruned' });
    expect(epochs(t.msgs)).toBeLessThan(50);
  });

  it('exits on stop now without finishing the epoch it waits in', async () => {
    // Each epoch first waits 60 s: exiting without an epoch message means it did not wait for one.
    const t = launch({ epochs: 50 }, { HPS_TRAINER_FAULT: 'slow=60000' });
    await waitFor('ready', () => t.msgs.some((m) => m.type === 'ready'), 20_000);
    t.send({ type: 'stop', mode: 'now', reason: 'cancelled' });
    expect((await t.exit).code).toBe(0);
    expect(types(t.msgs)).toEqual(['ready']);
  });

  it('exits when its parent channel closes', async () => {
    const t = launch({ epochs: 50 }, { HPS_TRAINER_FAULT: 'slow=200' });
    await waitFor('ready', () => t.msgs.some((m) => m.type === 'ready'), 20_000);
    t.child.disconnect();
    const { code } = await t.exit;
    expect(code).not.toBe(0);
  });

  it('throw@2: sends failed with the message and exits 1 after one epoch', async () => {
    const t = launch({ epochs: 5 }, { HPS_TRAINER_FAULT: 'throw@2' });
    expect((await t.exit).code).toBe(1);
    expect(epochs(t.msgs)).toBe(1);
    expect(t.msgs.at(-1)).toMatchObject({ type: 'failed', message: 'injected failure at epoch 2', retryable: false });
  });

  it('crash@2: exits 137 without a word after one epoch', async () => {
    const t = launch({ epochs: 5 }, { HPS_TRAINER_FAULT: 'crash@2' });
    expect((await t.exit).code).toBe(137);
    expect(epochs(t.msgs)).toBe(1);
    expect(types(t.msgs)).not.toContain('failed');
  });

  it('hang@2: goes silent (no heartbeats) after one epoch', async () => {
    const t = launch({ epochs: 5 }, { HPS_TRAINER_FAULT: 'hang@2' });
    await waitFor('first epoch', () => epochs(t.msgs) >= 1, 20_000);
    await new Promise((r) => setTimeout(r, 300));
    const count = t.msgs.length;
    await new Promise((r) => setTimeout(r, 700)); // heartbeats every 100 ms would have come by now
    expect(t.msgs.length).toBe(count);
    t.child.kill('SIGKILL');
    await t.exit;
  });

  it('oom@1: dies of heap exhaustion under --max-old-space-size', async () => {
    const t = launch({ epochs: 5 }, { HPS_TRAINER_FAULT: 'oom@1' }, ['--max-old-space-size=64']);
    const exit = await t.exit;
    expect(exit.code === 0).toBe(false);
    expect(t.stderr()).toMatch(/heap out of memory/i);
    expect(epochs(t.msgs)).toBe(0);
  });
});
