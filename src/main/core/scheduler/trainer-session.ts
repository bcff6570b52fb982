import { trainerToHostSchema, type HostToTrainer, type TrainerToHost } from '../../../shared/trainer-protocol';
import type { Launcher, LaunchOptions, TrainerExit, TrainerProcess } from './launcher';

export interface TrainerSessionOptions {
  launcher: Launcher;
  launch: LaunchOptions;
  /** After 'ready': kill a trainer silent for this long. */
  heartbeatTimeoutMs: number;
  /**
   * Before 'ready': loading a backend is synchronous work (module loads, wasm instantiation, CUDA init)
   * during which even the trainer's own timers cannot fire, and a loaded machine stretches it; so the
   * launch phase gets its own, longer allowance instead of the training heartbeat.
   */
  startupTimeoutMs: number;
  /** Every message that parses; an exception thrown here is the caller's to handle. */
  onMessage(msg: TrainerToHost): void;
}

/** Why the host ended the process itself, when it did. */
export type HostKill = 'shutdown' | 'cancel' | 'protocol' | 'heartbeat';

export interface SessionEnd {
  exit: TrainerExit;
  hostKill: HostKill | null;
  /** How long the trainer had been silent when it was killed for it. */
  silentForMs: number | null;
  /** The first malformed message or refused protocol version, when that ended the session. */
  protocolError: string | null;
}

/**
 * One trainer process from launch to exit, for any job (a trial, an evaluation): parses what it sends,
 * watches its heartbeat (a startup allowance until 'ready', then the heartbeat timeout), and reports
 * exactly once how it ended and whether the host killed it and why.
 */
export class TrainerSession {
  private proc: TrainerProcess | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastHeardAt = Date.now();
  private ready = false;
  private hostKill: HostKill | null = null;
  private silentForMs: number | null = null;
  private protocolError: string | null = null;
  readonly ended: Promise<SessionEnd>;
  private resolveEnded!: (end: SessionEnd) => void;

  constructor(private readonly opts: TrainerSessionOptions) {
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** Launches the process (with `env` added to the launch options' environment) and sends it `first`. */
  start(first: HostToTrainer, env: Record<string, string> = {}): void {
    const { launch } = this.opts;
    const proc = this.opts.launcher.launch({ ...launch, env: { ...env, ...launch.env } });
    this.proc = proc;
    proc.onMessage((raw) => this.receive(raw));
    proc.onExit((exit) => this.finish(exit));
    proc.send(first);
    this.lastHeardAt = Date.now();
    const checkEvery = Math.max(10, Math.min(1000, this.opts.heartbeatTimeoutMs / 4));
    this.timer = setInterval(() => this.checkHeartbeat(), checkEvery);
  }

  /** The trainer said 'ready': from now on the (shorter) heartbeat timeout applies. */
  markReady(): void {
    this.ready = true;
  }

  send(msg: HostToTrainer): void {
    this.proc?.send(msg);
  }

  /** Asks the trainer to stop now, then kills it after `graceMs`. */
  stop(reason: HostKill, graceMs: number): void {
    this.hostKill ??= reason;
    this.proc?.stop(graceMs);
  }

  kill(reason: HostKill): void {
    this.hostKill ??= reason;
    this.proc?.kill();
  }

  /** Ends the session because the trainer broke the protocol. */
  refuse(message: string): void {
    this.protocolError ??= message;
    this.kill('protocol');
  }

  private receive(raw: unknown): void {
    this.lastHeardAt = Date.now();
    const parsed = trainerToHostSchema.safeParse(raw);
    if (!parsed.success) {
      this.refuse(`trainer sent a malformed message: ${parsed.error.issues[0]?.message ?? 'unknown shape'}`);
      return;
    }
    this.opts.onMessage(parsed.data);
  }

  private checkHeartbeat(): void {
    const silentFor = Date.now() - this.lastHeardAt;
    const limit = this.ready ? this.opts.heartbeatTimeoutMs : Math.max(this.opts.startupTimeoutMs, this.opts.heartbeatTimeoutMs);
    if (silentFor > limit && this.silentForMs === null) {
      this.silentForMs = silentFor;
      this.kill('heartbeat');
    }
  }

  private finish(exit: TrainerExit): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.resolveEnded({ exit, hostKill: this.hostKill, silentForMs: this.silentForMs, protocolError: this.protocolError });
  }
}
