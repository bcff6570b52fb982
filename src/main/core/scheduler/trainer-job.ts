import { AppError } from '../../../shared/result';
import type { HostToTrainer, TrainerToHost } from '../../../shared/trainer-protocol';
import type { Placement } from '../devices/device-pool';
import type { Launcher } from './launcher';
import { TrainerSession } from './trainer-session';

export interface TrainerJobDeps {
  launcher: Launcher;
  heartbeatTimeoutMs: number;
  startupTimeoutMs: number;
  trainerEnv?: Record<string, string>;
  maxOldSpaceMb?: number;
}

/** Where the scheduler placed a job, as its first message carries it. */
export interface JobPlacement {
  device: string;
  cpuOnlyReason?: string;
}

export interface TrainerJobSpec<T> {
  /** Names the job in errors: "evaluation of run 3", "ensemble of study 2". */
  label: string;
  /** Run id the launch is tagged with (log lines); 0 when the job is not one run's. */
  runId: number;
  /** The first message, given the heartbeat interval the trainer should keep and where the job was placed. */
  message(heartbeatMs: number, at: JobPlacement): HostToTrainer;
  /** The job's answer when `msg` is it; undefined for every other message. */
  answer(msg: TrainerToHost): T | undefined;
}

/**
 * A one-shot job in a trainer process (scoring a run on the test split, scoring an ensemble), under the
 * same heartbeat and shutdown rules as a trial. `result` rejects with an AppError saying why when the
 * trainer fails, goes silent or is stopped; tfjs never loads in the app's own process.
 */
export class TrainerJob<T> {
  private readonly session: TrainerSession;
  private got: { value: T } | null = null;
  private failure: string | null = null;
  readonly result: Promise<T>;

  constructor(
    deps: TrainerJobDeps,
    private readonly spec: TrainerJobSpec<T>,
  ) {
    this.session = new TrainerSession({
      launcher: deps.launcher,
      launch: { runId: spec.runId, env: deps.trainerEnv, maxOldSpaceMb: deps.maxOldSpaceMb },
      heartbeatTimeoutMs: deps.heartbeatTimeoutMs,
      startupTimeoutMs: deps.startupTimeoutMs,
      onMessage: (msg) => {
        if (msg.type === 'ready') this.session.markReady();
        else if (msg.type === 'failed') this.failure = msg.message;
        else {
          const value = spec.answer(msg);
          if (value !== undefined) this.got = { value };
        }
      },
    });
    this.result = this.session.ended.then((end) => {
      if (this.got) return this.got.value;
      const why =
        end.hostKill === 'shutdown'
          ? 'the app is shutting down'
          : end.hostKill === 'heartbeat'
            ? `the trainer stopped answering for ${Math.round((end.silentForMs ?? 0) / 1000)} s`
            : (end.protocolError ?? this.failure ?? `trainer exited (${end.exit.reason})`);
      const tail = end.exit.stderrTail ? `\n${end.exit.stderrTail}` : '';
      throw new AppError(end.hostKill === 'shutdown' ? 'conflict' : 'internal', `${spec.label} failed: ${why}${tail}`);
    });
  }

  /** Starts the trainer where the scheduler placed the job (device in the message, GPU choice in its env). */
  start(heartbeatMs: number, placement: Placement): void {
    const at: JobPlacement = placement.cpuOnlyReason === undefined ? { device: placement.device } : { device: placement.device, cpuOnlyReason: placement.cpuOnlyReason };
    this.session.start(this.spec.message(heartbeatMs, at), placement.env);
  }

  kill(): void {
    this.session.kill('shutdown');
  }
}
