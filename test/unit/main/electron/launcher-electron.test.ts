import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ElectronLauncher } from '../../../../src/main/electron/launcher-electron';
import type { TrainerExit, TrainerProcess } from '../../../../src/main/core/scheduler/launcher';
import { shell, type FakeUtilityProcess } from './electron-stand-in';

const exitOf = (proc: TrainerProcess): Promise<TrainerExit> => new Promise((resolve) => proc.onExit(resolve));

function scriptFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hps-shell-'));
  const file = path.join(dir, 'trainer.js');
  fs.writeFileSync(file, '// stand-in trainer\n');
  return file;
}

describe('ElectronLauncher (utility processes)', () => {
  beforeEach(() => shell.reset());

  function launch(): { proc: TrainerProcess; child: FakeUtilityProcess } {
    const proc = new ElectronLauncher(scriptFile()).launch({ runId: 7, env: { HPS_TRAINER_FAULT: 'none' }, maxOldSpaceMb: 512 });
    return { proc, child: shell.forks.at(-1)! };
  }

  it('forks the trainer script as a named utility process with the run in its environment', () => {
    const { proc, child } = launch();
    expect(child.options).toMatchObject({ serviceName: 'hparam-studio-trainer-7', execArgv: ['--max-old-space-size=512'] });
    expect((child.options.env as Record<string, string>)).toMatchObject({ HPS_RUN_ID: '7', HPS_TRAINER_FAULT: 'none' });
    expect(proc.pid).toBe(4242);
  });

  it('passes messages both ways and reports a clean exit', async () => {
    const { proc, child } = launch();
    const received: unknown[] = [];
    proc.onMessage((m) => received.push(m));
    child.spawn();
    child.emit('message', { type: 'ready' });
    proc.send({ type: 'stop', mode: 'epoch-end', reason: 'paused' });
    expect(received).toEqual([{ type: 'ready' }]);
    expect(child.posted).toEqual([{ type: 'stop', mode: 'epoch-end', reason: 'paused' }]);
    const exited = exitOf(proc);
    child.exit(0);
    expect(await exited).toMatchObject({ reason: 'clean-exit', code: 0 });
  });

  it('keeps the last output lines of a crash', async () => {
    const { proc, child } = launch();
    child.spawn();
    child.stderr.write('Error: boom in epoch 2\n');
    const exited = exitOf(proc);
    child.exit(1);
    const exit = await exited;
    expect(exit.reason).toBe('crashed');
    expect(exit.stderrTail).toContain('boom in epoch 2');
  });

  it('reports V8 heap exhaustion as oom', async () => {
    const { proc, child } = launch();
    child.spawn();
    child.emit('error', 'FatalError', 'Reached heap limit Allocation failed - JavaScript heap out of memory', '');
    const exited = exitOf(proc);
    child.exit(134);
    expect((await exited).reason).toBe('oom');
  });

  it('stop() asks first, then kills after the grace period: reason killed', async () => {
    const { proc, child } = launch();
    child.spawn();
    const exited = exitOf(proc);
    proc.stop(5);
    expect(child.posted).toEqual([{ type: 'stop', mode: 'now', reason: 'cancelled' }]);
    const exit = await exited;
    expect(child.killed).toBe(true);
    expect(exit.reason).toBe('killed');
    // After exit nothing is sent and a second stop or kill is a no-op.
    proc.send({ type: 'stop', mode: 'now', reason: 'cancelled' });
    proc.stop(5);
    proc.kill();
    expect(child.posted).toHaveLength(1);
  });

  it('a process that exits before spawning failed to launch', async () => {
    const { proc, child } = launch();
    const exited = exitOf(proc);
    child.exit(1);
    expect((await exited).reason).toBe('launch-failed');
  });

  it('a missing script or a throwing fork fails the launch with the reason, after onExit is registered', async () => {
    const missing = new ElectronLauncher('/nowhere/trainer.js').launch({ runId: 1 });
    const first = await exitOf(missing);
    expect(first.reason).toBe('launch-failed');
    expect(first.stderrTail).toContain('trainer script /nowhere/trainer.js does not exist');

    shell.forkThrows = new Error('app is not ready');
    const thrown = new ElectronLauncher(scriptFile()).launch({ runId: 2 });
    const second = await exitOf(thrown);
    expect(second.reason).toBe('launch-failed');
    expect(second.stderrTail).toContain('utilityProcess.fork failed: app is not ready');
    // onExit after the fact still hears it, exactly once.
    const late: TrainerExit[] = [];
    thrown.onExit((e) => late.push(e));
    expect(late).toEqual([second]);
  });
});
