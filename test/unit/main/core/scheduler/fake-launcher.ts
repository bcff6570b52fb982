import { EventEmitter } from 'node:events';
import type { Launcher, LaunchOptions, TrainerExit, TrainerProcess } from '../../../../../src/main/core/scheduler/launcher';
import { TRAINER_PROTOCOL_VERSION, type HostToTrainer, type StartMessage, type TrainerToHost } from '../../../../../src/shared/trainer-protocol';

/**
 * A trainer process in memory that behaves like the real one (ready → epoch+checkpoint… → done; epoch-end
 * stops, 'continue', stop now), but advances only when the test says so: `step()` runs one epoch. So the
 * scheduler's interleavings (pause then resume, cancel while launching, a crash before ready) become
 * fast, deterministic unit tests. Messages and exits are delivered asynchronously, as a pipe would.
 */
export class FakeTrainer implements TrainerProcess {
  readonly sent: HostToTrainer[] = [];
  start: StartMessage | null = null;
  epoch = 0;
  readyReported = false;
  private stopRequest: 'pruned' | 'cancelled' | 'paused' | null = null;
  /** With verdicts on (a judged study), the epoch that waits for the host's verdict. */
  private awaiting: number | null = null;
  readonly verdictsSeen: { epoch: number; stop: string | null }[] = [];
  private messageListeners: ((msg: unknown) => void)[] = [];
  private exitListeners: ((exit: TrainerExit) => void)[] = [];
  exited: TrainerExit | null = null;

  constructor(
    readonly runId: number,
    readonly pid: number,
  ) {}

  send(msg: HostToTrainer): void {
    if (this.exited) return;
    this.sent.push(msg);
    if (msg.type === 'start') {
      this.start = msg;
      this.epoch = msg.resumeFrom?.epoch ?? 0;
    } else if (msg.type === 'stop') {
      if (msg.mode === 'now') this.exit({ reason: 'clean-exit', code: 0 });
      else this.stopRequest ??= msg.reason;
    } else if (msg.type === 'continue') this.stopRequest = null;
    else if (msg.type === 'verdict') {
      this.verdictsSeen.push({ epoch: msg.epoch, stop: msg.stop });
      if (msg.stop) this.stopRequest ??= msg.stop;
      if (this.awaiting === msg.epoch) {
        this.awaiting = null;
        this.endIfDue();
      }
    }
  }

  onMessage(listener: (msg: unknown) => void): void {
    this.messageListeners.push(listener);
  }

  onExit(listener: (exit: TrainerExit) => void): void {
    if (this.exited) listener(this.exited);
    else this.exitListeners.push(listener);
  }

  stop(): void {
    this.send({ type: 'stop', mode: 'now', reason: 'cancelled' });
  }

  kill(): void {
    this.exit({ reason: 'killed', code: null, signal: 'SIGKILL' });
  }

  /** The trainer loaded its backend. */
  ready(): void {
    this.readyReported = true;
    this.emit({ type: 'ready', protocol: TRAINER_PROTOCOL_VERSION, pid: this.pid, backend: 'cpu', backendNotes: [], fallbacks: [] });
  }

  /** Trains one epoch (checkpoint first, then one message); at the end or on a stop request, reports done and exits. */
  step(metrics: Record<string, number> = {}): void {
    this.epoch++;
    const checkpoint = `${this.start!.runDir}/checkpoints/epoch-${this.epoch}`;
    this.emit({ type: 'epoch', epoch: this.epoch, metrics: { val_loss: 1 / this.epoch, loss: 1 / this.epoch, ...metrics }, wallTime: Date.now(), checkpoint: { path: checkpoint, isBest: true } });
    // A judged trial waits for the host's verdict on the epoch before it decides anything (as the real one).
    if (this.start!.verdicts) this.awaiting = this.epoch;
    else this.endIfDue();
  }

  /** Whether a next step() may run: not while a verdict is awaited, not after the end. */
  get canStep(): boolean {
    return !this.exited && this.awaiting === null;
  }

  private endIfDue(): void {
    const epochs = this.start!.config.hparams.epochs;
    const checkpoint = `${this.start!.runDir}/checkpoints/epoch-${this.epoch}`;
    // As train-loop.ts: a stop request (or verdict) is carried out at the boundary, even after the last epoch.
    const stoppedBy = this.stopRequest ?? (this.epoch >= epochs ? 'completed' : null);
    if (stoppedBy) {
      this.emit({ type: 'done', epochsDone: this.epoch, bestEpoch: this.epoch, stoppedBy, finalCheckpoint: checkpoint });
      this.exit({ reason: 'clean-exit', code: 0 });
    }
  }

  /** Trains to the end (or to a stop request); with verdicts, waits for each one. */
  async finish(): Promise<void> {
    while (!this.exited) {
      if (this.canStep) this.step();
      else await settle(1);
    }
  }

  fail(message: string, retryable = false): void {
    this.emit({ type: 'failed', message, retryable });
    this.exit({ reason: 'crashed', code: 1 });
  }

  crash(signal = 'SIGKILL'): void {
    this.exit({ reason: 'crashed', code: null, signal });
  }

  emit(msg: TrainerToHost): void {
    if (this.exited) return;
    const listeners = [...this.messageListeners];
    queueMicrotask(() => {
      for (const l of listeners) l(structuredClone(msg));
    });
  }

  private exit(e: Partial<TrainerExit> & Pick<TrainerExit, 'reason'>): void {
    if (this.exited) return;
    const exit: TrainerExit = { code: null, signal: null, stderrTail: '', ...e };
    this.exited = exit;
    const listeners = this.exitListeners;
    this.exitListeners = [];
    // After the messages already on their way, as a real process's 'exit' comes after its last message.
    setImmediate(() => {
      for (const l of listeners) l(exit);
    });
  }
}

export class FakeLauncher implements Launcher {
  readonly trainers: FakeTrainer[] = [];
  readonly launched = new EventEmitter();
  private nextPid = 1000;

  launch(opts: LaunchOptions): TrainerProcess {
    const t = new FakeTrainer(opts.runId, this.nextPid++);
    this.trainers.push(t);
    this.launched.emit('trainer', t);
    return t;
  }

  /** Trainers of a run, oldest first. */
  of(runId: number): FakeTrainer[] {
    return this.trainers.filter((t) => t.runId === runId);
  }

  /** The live trainer of a run (the last one launched), once it exists; fails clearly when none comes. */
  async live(runId: number, timeoutMs = 30_000): Promise<FakeTrainer> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const t = this.of(runId).at(-1);
      if (t && !t.exited && t.start) return t;
      if (Date.now() > until) throw new Error(`no live trainer for run ${runId} after ${timeoutMs} ms (${this.of(runId).length} launched)`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, until - Date.now());
        this.launched.once('trainer', () => {
          clearTimeout(timer);
          setImmediate(resolve);
        });
      });
    }
  }
}

/** Lets queued microtasks and immediates run (messages and exits of fake trainers). */
export const settle = async (rounds = 5): Promise<void> => {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};
