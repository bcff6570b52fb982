import { AppError } from '../../../shared/result';
import { TRAINER_PROTOCOL_VERSION } from '../../../shared/trainer-protocol';
import type { Placement } from '../devices/device-pool';
import type { EvaluationTask } from '../evaluate/evaluate-run';
import type { Launcher } from './launcher';
import { TrainerSession } from './trainer-session';

export interface EvaluationResult {
  metrics: Record<string, number>;
  confusion?: number[][];
}

export interface EvaluationJobDeps {
  launcher: Launcher;
  heartbeatTimeoutMs: number;
  startupTimeoutMs: number;
  trainerEnv?: Record<string, string>;
  maxOldSpaceMb?: number;
}

/**
 * A test-split evaluation in a trainer process, under the same heartbeat and shutdown rules as a trial.
 * `result` rejects with an AppError saying why when the trainer fails, goes silent or is stopped.
 */
export class EvaluationJob {
  private readonly session: TrainerSession;
  private got: EvaluationResult | null = null;
  private failure: string | null = null;
  readonly result: Promise<EvaluationResult>;

  constructor(
    deps: EvaluationJobDeps,
    readonly task: EvaluationTask,
  ) {
    this.session = new TrainerSession({
      launcher: deps.launcher,
      launch: { runId: task.runId, env: deps.trainerEnv, maxOldSpaceMb: deps.maxOldSpaceMb },
      heartbeatTimeoutMs: deps.heartbeatTimeoutMs,
      startupTimeoutMs: deps.startupTimeoutMs,
      onMessage: (msg) => {
        if (msg.type === 'ready') this.session.markReady();
        else if (msg.type === 'evaluation') this.got = { metrics: msg.metrics, confusion: msg.confusion };
        else if (msg.type === 'failed') this.failure = msg.message;
      },
    });
    this.result = this.session.ended.then((end) => {
      if (this.got) return this.got;
      const why =
        end.hostKill === 'shutdown'
          ? 'the app is shutting down'
          : end.hostKill === 'heartbeat'
            ? `the trainer stopped answering for ${Math.round((end.silentForMs ?? 0) / 1000)} s`
            : (end.protocolError ?? this.failure ?? `trainer exited (${end.exit.reason})`);
      const tail = end.exit.stderrTail ? `\n${end.exit.stderrTail}` : '';
      throw new AppError(end.hostKill === 'shutdown' ? 'conflict' : 'internal', `evaluation of run ${task.runId} failed: ${why}${tail}`);
    });
  }

  start(heartbeatMs: number, placement: Placement): void {
    const { task } = this;
    const message = {
      type: 'evaluate',
      protocol: TRAINER_PROTOCOL_VERSION,
      runId: task.runId,
      config: task.config,
      dataset: task.dataset,
      backend: task.backend,
      checkpoint: task.checkpoint,
      heartbeatMs,
      device: placement.device,
      cpuOnlyReason: placement.cpuOnlyReason,
    } as const;
    this.session.start(message, placement.env);
  }

  kill(): void {
    this.session.kill('shutdown');
  }
}
