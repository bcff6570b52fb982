import path from 'node:path';
import type { ApiEventPayload } from '../../../shared/contract';
import type { DatasetRef } from '../../../shared/domain/dataset';
import type { TrialConfig } from '../../../shared/domain/hparams';
import type { BackendPreference, ObjectiveDirection } from '../../../shared/domain/run';
import { TRAINER_PROTOCOL_VERSION, type TrainerToHost } from '../../../shared/trainer-protocol';
import type { Store } from '../store/store';
import type { RunRow } from '../store/types';
import type { Launcher } from './launcher';
import { TailBuffer } from './tail-buffer';
import { TrainerSession } from './trainer-session';
import { decideSettlement, type TrialObservations } from './trial-outcome';

export interface TrialRunnerDeps {
  store: Store;
  launcher: Launcher;
  runsDir: string;
  heartbeatTimeoutMs: number;
  startupTimeoutMs: number;
  trainerEnv?: Record<string, string>;
  maxOldSpaceMb?: number;
  threadsPerTrial: number;
  maxAttempts: number;
  /** Live updates for views: every message after it is stored. */
  onEvent: (event: TrialEvent) => void;
  /** A store write failed: the scheduler stops everything it runs (the database cannot follow). */
  onStorageFailure: (err: unknown) => void;
  /** This attempt's end could not be written: the scheduler remembers it (before views hear of it). */
  onUnrecordedEnd: (run: RunRow) => void;
  /**
   * Judges each stored epoch (pruner, budgets); null when nothing judges this study's trials. With a
   * judge, the trainer waits for each verdict, so a trial stopped at an epoch ends at that epoch.
   */
  judge: ((run: RunRow, epoch: { epoch: number; metrics: Record<string, number>; wallTime: number }) => Verdict) | null;
}

/** A judgement of one epoch: go on, or stop here as pruned or paused (a spent budget), and why. */
export type Verdict = { stop: null } | { stop: 'pruned' | 'paused'; reason: string; rung: number | null };

export type TrialEvent = ({ type: 'run-updated' } & ApiEventPayload<'run-updated'>) | ({ type: 'epoch' } & ApiEventPayload<'epoch'>);

export interface TrialSpec {
  /** The run as launched: status 'running', `attempt` is this launch. */
  run: RunRow;
  config: TrialConfig;
  dataset: DatasetRef;
  backend: BackendPreference;
  objective: { metric: string; direction: ObjectiveDirection };
}

/** The run as its attempt left it, or null when even that could not be written (the store failed). */
export type TrialEnd = RunRow | null;

const LOG_LINES = 40;

/**
 * One attempt of one run, from launch to the run's next state. The scheduler is the only writer of run
 * state and this class is its arm for one attempt: it stores every message as it arrives (one
 * transaction each; an epoch and its checkpoint together), keeps the trainer's log on the run, and
 * settles the attempt exactly once when the process is gone, by the run's stored intent.
 */
export class TrialRunner {
  private readonly session: TrainerSession;
  private readonly log = new TailBuffer(LOG_LINES);
  private readonly obs: TrialObservations = { done: null, failed: null, storageFailed: false };
  readonly finished: Promise<TrialEnd>;

  constructor(
    private readonly deps: TrialRunnerDeps,
    readonly spec: TrialSpec,
  ) {
    this.session = new TrainerSession({
      launcher: deps.launcher,
      launch: { runId: spec.run.id, env: deps.trainerEnv, maxOldSpaceMb: deps.maxOldSpaceMb },
      heartbeatTimeoutMs: deps.heartbeatTimeoutMs,
      startupTimeoutMs: deps.startupTimeoutMs,
      onMessage: (msg) => this.receive(msg),
    });
    this.finished = this.session.ended.then((end) => {
      try {
        return this.deps.store.settleRun(spec.run.id, spec.run.attempt, (run) => decideSettlement(this.obs, end, run, this.deps.maxAttempts));
      } catch (err) {
        this.deps.onUnrecordedEnd(spec.run);
        this.deps.onStorageFailure(err);
        return null;
      } finally {
        this.deps.onEvent({ type: 'run-updated', ...this.ids });
      }
    });
  }

  get runId(): number {
    return this.spec.run.id;
  }

  get studyId(): number {
    return this.spec.run.studyId;
  }

  private get ids() {
    return { runId: this.spec.run.id, studyId: this.spec.run.studyId };
  }

  start(): void {
    const { run } = this.spec;
    const resumeFrom = run.lastCheckpoint && run.lastCheckpointEpoch ? { epoch: run.lastCheckpointEpoch, path: run.lastCheckpoint } : undefined;
    this.session.start({
      type: 'start',
      protocol: TRAINER_PROTOCOL_VERSION,
      runId: run.id,
      attempt: run.attempt,
      config: this.spec.config,
      dataset: this.spec.dataset,
      backend: this.spec.backend,
      runDir: path.join(this.deps.runsDir, String(run.id)),
      resumeFrom,
      heartbeatMs: Math.max(100, Math.floor(this.deps.heartbeatTimeoutMs / 3)),
      threads: this.deps.threadsPerTrial,
      verdicts: this.deps.judge !== null,
    });
  }

  /** Graceful stop at the next epoch boundary (pause, prune): the trainer checkpoints and reports done. */
  stopAtEpochEnd(reason: 'pruned' | 'paused'): void {
    this.session.send({ type: 'stop', mode: 'epoch-end', reason });
  }

  /** Withdraws a pause not yet carried out (the study was resumed again). */
  continueTraining(): void {
    this.session.send({ type: 'continue' });
  }

  cancel(graceMs = 2000): void {
    this.session.stop('cancel', graceMs);
  }

  /** Owner shutdown: the run ends where its stored intent points, else 'interrupted', and resumes later. */
  kill(): void {
    this.session.kill('shutdown');
  }

  private receive(msg: TrainerToHost): void {
    if (this.obs.storageFailed) return; // nothing more can be recorded; the trainer is being stopped
    try {
      this.apply(msg);
    } catch (err) {
      // The database could not follow: stop this trainer (its last stored epoch is where it resumes)
      // and let the scheduler stop the rest. The process stays up.
      this.obs.storageFailed = true;
      this.session.kill('shutdown');
      this.deps.onStorageFailure(err);
    }
  }

  /** Judges the epoch just stored; a stop is stored (with its reason) before the trainer hears it. */
  private deliverVerdict(msg: Extract<TrainerToHost, { type: 'epoch' }>): void {
    const { run } = this.spec;
    const verdict = this.deps.judge!(run, msg);
    if (verdict.stop) {
      this.deps.store.recordStopDecision(run.id, verdict.stop === 'pruned' ? 'prune' : 'pause', verdict.reason, verdict.rung);
      this.log.push(`[info] ${verdict.stop === 'pruned' ? 'pruned' : 'stopped'} at epoch ${msg.epoch}: ${verdict.reason}\n`);
      this.deps.store.setRunLogTail(run.id, this.log.toString());
    }
    this.session.send({ type: 'verdict', epoch: msg.epoch, stop: verdict.stop });
  }

  private apply(msg: TrainerToHost): void {
    const { run } = this.spec;
    switch (msg.type) {
      case 'ready':
        if (msg.protocol !== TRAINER_PROTOCOL_VERSION) {
          this.session.refuse(`trainer speaks protocol v${msg.protocol}, host expects v${TRAINER_PROTOCOL_VERSION}`);
          return;
        }
        this.session.markReady();
        this.deps.store.markRunReady(run.id, run.attempt, {
          backend: msg.backend,
          backendNotes: [...msg.backendNotes, ...msg.fallbacks.map((f) => `fallback: ${f}`)],
          pid: msg.pid,
        });
        this.deps.onEvent({ type: 'run-updated', ...this.ids });
        return;
      case 'epoch':
        this.deps.store.recordEpoch(run.id, { epoch: msg.epoch, metrics: msg.metrics, wallTime: msg.wallTime }, this.spec.objective, msg.checkpoint);
        this.deps.onEvent({ type: 'epoch', ...this.ids, epoch: msg.epoch, metrics: msg.metrics });
        if (this.deps.judge) this.deliverVerdict(msg);
        return;
      case 'done':
        this.obs.done = msg;
        return;
      case 'failed':
        this.obs.failed = { message: msg.message, retryable: msg.retryable };
        return;
      case 'log':
        this.log.push(`[${msg.level}] ${msg.message}\n`);
        this.deps.store.setRunLogTail(run.id, this.log.toString());
        return;
      case 'evaluation':
        this.session.refuse("trainer sent an 'evaluation' during training");
        return;
      case 'heartbeat':
        return;
    }
  }
}
