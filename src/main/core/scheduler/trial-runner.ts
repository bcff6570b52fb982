import path from 'node:path';
import type { DatasetRef } from '../../../shared/domain/dataset';
import type { TrialConfig } from '../../../shared/domain/hparams';
import type { BackendPreference, ObjectiveDirection } from '../../../shared/domain/run';
import { TRAINER_PROTOCOL_VERSION, trainerToHostSchema, type TrainerToHost } from '../../../shared/trainer-protocol';
import type { Store } from '../store/store';
import type { RunRow } from '../store/types';
import type { Launcher, TrainerExit, TrainerProcess } from './launcher';
import { decideOutcome, type TrialObservations, type TrialOutcome } from './trial-outcome';

export interface TrialRunnerDeps {
  store: Store;
  launcher: Launcher;
  runsDir: string;
  heartbeatTimeoutMs: number;
  trainerEnv?: Record<string, string>;
  maxOldSpaceMb?: number;
  threadsPerTrial: number;
  /** Live updates for views: every message after it is stored. */
  onEvent: (event: TrialEvent) => void;
}

export type TrialEvent =
  | { type: 'run-updated'; runId: number; studyId: number }
  | { type: 'epoch'; runId: number; studyId: number; epoch: number; metrics: Record<string, number> };

export interface TrialSpec {
  run: RunRow;
  config: TrialConfig;
  dataset: DatasetRef;
  backend: BackendPreference;
  objective: { metric: string; direction: ObjectiveDirection };
}

/**
 * One trial from launch to its final run status. The scheduler is the only writer of run state, and
 * this class is its arm for one run: it stores every message as it arrives (one transaction each),
 * watches the heartbeat, and settles the run exactly once when the process is gone.
 */
export class TrialRunner {
  private proc: TrainerProcess | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private lastMessageAt = Date.now();
  private readonly obs: TrialObservations = {
    done: null,
    failedMessage: null,
    hostRequest: null,
    heartbeatTimedOutAfterMs: null,
    protocolError: null,
  };
  readonly finished: Promise<TrialOutcome>;
  private resolveFinished!: (o: TrialOutcome) => void;

  constructor(
    private readonly deps: TrialRunnerDeps,
    readonly spec: TrialSpec,
  ) {
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
  }

  get runId(): number {
    return this.spec.run.id;
  }

  start(): void {
    const { run } = this.spec;
    const proc = this.deps.launcher.launch({ runId: run.id, env: this.deps.trainerEnv, maxOldSpaceMb: this.deps.maxOldSpaceMb });
    this.proc = proc;
    proc.onMessage((raw) => this.handleMessage(raw));
    proc.onExit((exit) => this.settle(exit));
    const resumeFrom =
      run.lastCheckpoint && run.lastCheckpointEpoch ? { epoch: run.lastCheckpointEpoch, path: run.lastCheckpoint } : undefined;
    proc.send({
      type: 'start',
      protocol: TRAINER_PROTOCOL_VERSION,
      runId: run.id,
      config: this.spec.config,
      dataset: this.spec.dataset,
      backend: this.spec.backend,
      runDir: path.join(this.deps.runsDir, String(run.id)),
      resumeFrom,
      heartbeatMs: Math.max(100, Math.floor(this.deps.heartbeatTimeoutMs / 3)),
      threads: this.deps.threadsPerTrial,
    });
    this.lastMessageAt = Date.now();
    this.heartbeatTimer = setInterval(() => this.checkHeartbeat(), Math.min(1000, this.deps.heartbeatTimeoutMs / 4));
  }

  /** Graceful stop at the next epoch boundary (pruning, pause); the trainer checkpoints and reports done. */
  stopAtEpochEnd(reason: 'pruned' | 'paused'): void {
    this.obs.hostRequest ??= reason;
    this.proc?.send({ type: 'stop', mode: 'epoch-end', reason });
  }

  cancel(graceMs = 2000): void {
    this.obs.hostRequest = 'cancelled';
    this.proc?.stop(graceMs);
  }

  /** App shutdown: the run ends 'interrupted', not failed, and resumes from its last checkpoint. */
  kill(): void {
    this.obs.hostRequest = 'paused';
    this.proc?.kill();
  }

  private handleMessage(raw: unknown): void {
    this.lastMessageAt = Date.now();
    const parsed = trainerToHostSchema.safeParse(raw);
    if (!parsed.success) {
      this.protocolFailure(`trainer sent a malformed message: ${parsed.error.issues[0]?.message ?? 'unknown shape'}`);
      return;
    }
    try {
      this.apply(parsed.data);
    } catch (err) {
      // A store error must not leave the trainer running unobserved: fail the run, keep the app up.
      this.protocolFailure(`host could not record '${parsed.data.type}': ${(err as Error).message}`);
    }
  }

  private apply(msg: TrainerToHost): void {
    const { run } = this.spec;
    const ids = { runId: run.id, studyId: run.studyId };
    switch (msg.type) {
      case 'ready':
        if (msg.protocol !== TRAINER_PROTOCOL_VERSION) {
          this.protocolFailure(`trainer speaks protocol v${msg.protocol}, host expects v${TRAINER_PROTOCOL_VERSION}`);
          return;
        }
        this.deps.store.markRunStarted(run.id, {
          backend: msg.backend,
          backendNotes: [...msg.backendNotes, ...msg.fallbacks.map((f) => `fallback: ${f}`)],
          pid: msg.pid,
        });
        this.deps.onEvent({ type: 'run-updated', ...ids });
        return;
      case 'epoch':
        this.deps.store.recordEpochs(run.id, [{ epoch: msg.epoch, metrics: msg.metrics, wallTime: msg.wallTime }], this.spec.objective);
        this.deps.onEvent({ type: 'epoch', ...ids, epoch: msg.epoch, metrics: msg.metrics });
        return;
      case 'checkpoint':
        this.deps.store.recordCheckpoint(run.id, { epoch: msg.epoch, path: msg.path, isBest: msg.isBest });
        return;
      case 'done':
        this.obs.done = msg;
        return;
      case 'failed':
        this.obs.failedMessage = msg.message;
        return;
      case 'heartbeat':
      case 'log':
        return;
    }
  }

  private protocolFailure(message: string): void {
    this.obs.protocolError ??= message;
    this.proc?.kill();
  }

  private checkHeartbeat(): void {
    const silentFor = Date.now() - this.lastMessageAt;
    if (silentFor > this.deps.heartbeatTimeoutMs && this.obs.heartbeatTimedOutAfterMs === null) {
      this.obs.heartbeatTimedOutAfterMs = silentFor;
      this.proc?.kill();
    }
  }

  private settle(exit: TrainerExit): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    const outcome = decideOutcome(this.obs, exit);
    const { run } = this.spec;
    try {
      if (outcome.status === 'interrupted') this.deps.store.markRunInterrupted(run.id);
      else this.deps.store.finishRun(run.id, outcome);
    } finally {
      this.deps.onEvent({ type: 'run-updated', runId: run.id, studyId: run.studyId });
      this.resolveFinished(outcome);
    }
  }
}
