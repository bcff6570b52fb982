import fs from 'node:fs';
import path from 'node:path';
import { utilityProcess, type UtilityProcess } from 'electron';
import type { HostToTrainer } from '../../shared/trainer-protocol';
import { classifyExit } from '../core/scheduler/exit-reason';
import type { Launcher, LaunchOptions, TrainerExit, TrainerProcess } from '../core/scheduler/launcher';
import { TailBuffer } from '../core/scheduler/tail-buffer';

/** electron-vite writes the trainer bundle next to the main bundle (out/main/trainer.js). */
export function defaultElectronTrainerScript(): string {
  return process.env.HPS_TRAINER_SCRIPT ?? path.join(__dirname, 'trainer.js');
}

/**
 * Trials as Electron utility processes: Node processes that Chromium's process model knows about (named
 * in the task manager and in `app.getAppMetrics`), without shipping a separate Node binary. The trainer
 * talks through `process.parentPort` there instead of `process.send`.
 */
export class ElectronLauncher implements Launcher {
  constructor(private readonly trainerScript: string = defaultElectronTrainerScript()) {}

  launch(opts: LaunchOptions): TrainerProcess {
    const proc = new UtilityTrainerProcess();
    if (!fs.existsSync(this.trainerScript)) {
      proc.launchFailed(`trainer script ${this.trainerScript} does not exist (run \`electron-vite build\`)`);
      return proc;
    }
    try {
      const child = utilityProcess.fork(this.trainerScript, [], {
        serviceName: `hparam-studio-trainer-${opts.runId}`,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ...opts.env, HPS_RUN_ID: String(opts.runId) },
        execArgv: opts.maxOldSpaceMb ? [`--max-old-space-size=${opts.maxOldSpaceMb}`] : [],
      });
      proc.attach(child);
    } catch (err) {
      // fork throws synchronously before app 'ready' or on invalid options.
      proc.launchFailed(`utilityProcess.fork failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    return proc;
  }
}

/** How long to wait after 'exit' for the last stdout/stderr lines before reporting. */
const STREAM_DRAIN_MS = 500;

class UtilityTrainerProcess implements TrainerProcess {
  private child: UtilityProcess | null = null;
  private readonly tail = new TailBuffer(40);
  private readonly messageListeners: ((msg: unknown) => void)[] = [];
  private exitListeners: ((exit: TrainerExit) => void)[] = [];
  private exited: TrainerExit | null = null;
  private spawned = false;
  private killedByHost = false;
  private fatalOutOfMemory = false;
  private killTimer: NodeJS.Timeout | null = null;

  get pid(): number | undefined {
    return this.child?.pid;
  }

  attach(child: UtilityProcess): void {
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => this.tail.push(d));
    child.stderr?.on('data', (d: Buffer) => this.tail.push(d));
    child.once('spawn', () => {
      this.spawned = true;
    });
    child.on('message', (msg: unknown) => {
      for (const listener of this.messageListeners) listener(msg);
    });
    // V8 fatal errors (heap exhaustion among them) arrive here; 'exit' still follows.
    child.on('error', (type, location) => {
      this.tail.push(`\n${type}: ${location}\n`);
      if (/heap|memory|allocation/i.test(location)) this.fatalOutOfMemory = true;
    });
    child.once('exit', (code) => this.afterExit(child, code));
  }

  launchFailed(message: string): void {
    this.tail.push(`${message}\n`);
    // Asynchronous, like a real exit: the caller registers onExit after launch() returns.
    setImmediate(() => this.finish({ reason: 'launch-failed', code: null, signal: null, stderrTail: this.tail.toString() }));
  }

  send(msg: HostToTrainer): void {
    if (this.exited || !this.child) return; // already gone: its exit handler reports why
    try {
      this.child.postMessage(msg);
    } catch (err) {
      this.tail.push(`\nhost could not send '${msg.type}': ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }

  onMessage(listener: (msg: unknown) => void): void {
    this.messageListeners.push(listener);
  }

  onExit(listener: (exit: TrainerExit) => void): void {
    if (this.exited) listener(this.exited);
    else this.exitListeners.push(listener);
  }

  stop(graceMs: number): void {
    if (this.exited || this.killTimer) return; // already ended, or already asked
    this.send({ type: 'stop', mode: 'now', reason: 'cancelled' });
    this.killTimer = setTimeout(() => this.kill(), graceMs);
  }

  kill(): void {
    if (this.exited || !this.child) return; // already ended on its own, or never started
    this.killedByHost = true;
    this.child.kill();
  }

  private afterExit(child: UtilityProcess, code: number): void {
    const streams = [child.stdout, child.stderr].filter((s): s is NodeJS.ReadableStream => s !== null);
    let open = streams.length;
    const report = (): void => {
      const stderrTail = this.tail.toString();
      const reason = !this.spawned
        ? 'launch-failed'
        : this.fatalOutOfMemory
          ? 'oom'
          : classifyExit(code, null, stderrTail, this.killedByHost);
      this.finish({ reason, code, signal: null, stderrTail });
    };
    for (const stream of streams) stream.once('end', () => --open === 0 && report());
    if (open === 0) report();
    else setTimeout(report, STREAM_DRAIN_MS).unref();
  }

  private finish(exit: TrainerExit): void {
    if (this.exited) return;
    this.exited = exit;
    if (this.killTimer) clearTimeout(this.killTimer);
    const listeners = this.exitListeners;
    this.exitListeners = [];
    for (const listener of listeners) listener(exit);
  }
}
