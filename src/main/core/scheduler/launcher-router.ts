import { isRemoteExecutor, type Executor } from '../../../shared/domain/executor';
import type { HostToTrainer } from '../../../shared/trainer-protocol';
import type { Launcher, LaunchOptions, TrainerExit, TrainerProcess } from './launcher';

/** What the router needs to know of a run, and where remote trials go. */
export interface RouterDeps {
  /** The executor of the run's study (undefined: local), or null when the run is unknown. */
  executorOf(runId: number): Executor | undefined | null;
  /** A launcher for a remote executor; throws (with what to configure) when it cannot be had. */
  remote(executor: Extract<Executor, { type: 'bullmq' }>): Launcher;
}

/**
 * Sends each trainer process where its study's executor says: a trial of a `bullmq` study to the
 * workers, everything else (local studies, and every evaluation: the test split never leaves the
 * owner) to the local launcher. The choice is made at the first message, which says what the process
 * is for, so the scheduler and its TrialRunner stay unaware of it.
 */
export class ExecutorLauncher implements Launcher {
  constructor(
    private readonly local: Launcher,
    private readonly deps: RouterDeps,
  ) {}

  launch(opts: LaunchOptions): TrainerProcess {
    return new RoutedProcess((first) => this.route(opts, first));
  }

  private route(opts: LaunchOptions, first: HostToTrainer): TrainerProcess {
    if (first.type !== 'start') return this.local.launch(opts);
    const executor = this.deps.executorOf(opts.runId);
    if (!isRemoteExecutor(executor)) return this.local.launch(opts);
    try {
      return this.deps.remote(executor).launch(opts);
    } catch (err) {
      return new RefusedProcess((err as Error).message);
    }
  }
}

/** A process whose kind is chosen when its first message is sent; listeners registered before carry over. */
class RoutedProcess implements TrainerProcess {
  private target: TrainerProcess | null = null;
  private readonly messageListeners: ((msg: unknown) => void)[] = [];
  private readonly exitListeners: ((exit: TrainerExit) => void)[] = [];
  private endedEarly: TrainerExit | null = null;

  constructor(private readonly choose: (first: HostToTrainer) => TrainerProcess) {}

  get pid(): number | undefined {
    return this.target?.pid;
  }

  send(msg: HostToTrainer): void {
    if (this.endedEarly) return;
    if (!this.target) {
      this.target = this.choose(msg);
      for (const l of this.messageListeners) this.target.onMessage(l);
      for (const l of this.exitListeners) this.target.onExit(l);
    }
    this.target.send(msg);
  }

  onMessage(listener: (msg: unknown) => void): void {
    if (this.target) this.target.onMessage(listener);
    else this.messageListeners.push(listener);
  }

  onExit(listener: (exit: TrainerExit) => void): void {
    if (this.target) this.target.onExit(listener);
    else if (this.endedEarly) listener(this.endedEarly);
    else this.exitListeners.push(listener);
  }

  stop(graceMs: number): void {
    if (this.target) this.target.stop(graceMs);
    else this.kill();
  }

  kill(): void {
    if (this.target) return this.target.kill();
    if (this.endedEarly) return;
    // Stopped before it was told what to run: nothing was started.
    this.endedEarly = { reason: 'killed', code: null, signal: null, stderrTail: '' };
    for (const l of this.exitListeners.splice(0)) l(this.endedEarly);
  }
}

/** A trial that cannot go where its study says (no Redis configured): the run says why, and may be retried once fixed. */
class RefusedProcess implements TrainerProcess {
  readonly pid = undefined;
  private readonly messageListeners: ((msg: unknown) => void)[] = [];
  private readonly exitListeners: ((exit: TrainerExit) => void)[] = [];
  private told = false;

  constructor(private readonly reason: string) {}

  send(): void {
    if (this.told) return;
    this.told = true;
    for (const l of this.messageListeners) l({ type: 'failed', message: this.reason, retryable: true });
    const exit: TrainerExit = { reason: 'launch-failed', code: null, signal: null, stderrTail: `${this.reason}\n` };
    queueMicrotask(() => this.exitListeners.splice(0).forEach((l) => l(exit)));
  }

  onMessage(listener: (msg: unknown) => void): void {
    this.messageListeners.push(listener);
  }

  onExit(listener: (exit: TrainerExit) => void): void {
    this.exitListeners.push(listener);
  }

  stop(): void {
    // nothing runs
  }

  kill(): void {
    // nothing runs
  }
}
