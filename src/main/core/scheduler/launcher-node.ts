import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { HostToTrainer } from '../../../shared/trainer-protocol';
import { classifyExit } from './exit-reason';
import type { Launcher, LaunchOptions, TrainerExit, TrainerProcess } from './launcher';
import { TailBuffer } from './tail-buffer';

/** Where the bundled trainer entry lives (scripts/build-node.mjs writes it next to the CLI bundle). */
export function defaultTrainerScript(): string {
  return process.env.HPS_TRAINER_SCRIPT ?? path.resolve(__dirname, 'trainer.js');
}

/** Trials as Node child processes: the launcher for the CLI, serve mode and tests. */
export class NodeLauncher implements Launcher {
  constructor(private readonly trainerScript: string = defaultTrainerScript()) {}

  launch(opts: LaunchOptions): TrainerProcess {
    const execArgv = opts.maxOldSpaceMb ? [`--max-old-space-size=${opts.maxOldSpaceMb}`] : [];
    const child = fork(this.trainerScript, [], {
      env: { ...process.env, ...opts.env, HPS_RUN_ID: String(opts.runId) },
      execArgv,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    return new NodeTrainerProcess(child);
  }
}

class NodeTrainerProcess implements TrainerProcess {
  private readonly tail = new TailBuffer();
  private exitListeners: ((exit: TrainerExit) => void)[] = [];
  private exited: TrainerExit | null = null;
  private killedByHost = false;
  private killTimer: NodeJS.Timeout | null = null;

  constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (d: Buffer) => this.tail.push(d));
    child.stderr?.on('data', (d: Buffer) => this.tail.push(d));
    // A fork that cannot start (missing script, EAGAIN) emits 'error' and maybe never 'exit'.
    child.on('error', (err) => {
      this.tail.push(`\n${err.message}\n`);
      if (child.pid === undefined) this.finish({ reason: 'launch-failed', code: null, signal: null, stderrTail: this.tail.toString() });
    });
    child.on('exit', (code, signal) => {
      // stdio may still hold the last lines; 'close' fires after they are flushed.
      child.once('close', () => this.finishFromExit(code, signal));
      setTimeout(() => this.finishFromExit(code, signal), 500).unref();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  send(msg: HostToTrainer): void {
    if (this.exited || !this.child.connected) return; // already gone: its exit handler reports why
    this.child.send(msg, (err) => {
      if (err) this.tail.push(`\nhost could not send '${msg.type}': ${err.message}\n`);
    });
  }

  onMessage(listener: (msg: unknown) => void): void {
    this.child.on('message', listener);
  }

  onExit(listener: (exit: TrainerExit) => void): void {
    if (this.exited) listener(this.exited);
    else this.exitListeners.push(listener);
  }

  stop(graceMs: number): void {
    if (this.exited) return;
    this.send({ type: 'stop', mode: 'now', reason: 'cancelled' });
    if (!this.killTimer) this.killTimer = setTimeout(() => this.kill(), graceMs);
  }

  kill(): void {
    if (this.exited) return; // already ended on its own
    this.killedByHost = true;
    this.child.kill('SIGKILL');
  }

  private finishFromExit(code: number | null, signal: NodeJS.Signals | null): void {
    const stderrTail = this.tail.toString();
    this.finish({ reason: classifyExit(code, signal, stderrTail, this.killedByHost), code, signal, stderrTail });
  }

  private finish(exit: TrainerExit): void {
    if (this.exited) return;
    this.exited = exit;
    if (this.killTimer) clearTimeout(this.killTimer);
    for (const l of this.exitListeners) l(exit);
    this.exitListeners = [];
  }
}
