import { EventEmitter } from 'node:events';
import type { ApiEventPayload } from '../../../shared/contract';
import type { DatasetRef } from '../../../shared/domain/dataset';
import { resolveTrialConfig } from '../../../shared/domain/hparams';
import type { StudyStatus } from '../../../shared/domain/run';
import { AppError } from '../../../shared/result';
import { prepareEvaluation, type EvaluateOptions } from '../evaluate/evaluate-run';
import type { EvaluationRow } from '../store/evaluations';
import type { Store } from '../store/store';
import type { RunRow } from '../store/types';
import { EvaluationJob } from './evaluation-job';
import type { Launcher } from './launcher';
import { StudyDriver } from './study-driver';
import { warmStartOf } from './warm-start';
import { TrialRunner, type TrialEnd, type TrialEvent } from './trial-runner';

export interface SchedulerOptions {
  store: Store;
  launcher: Launcher;
  runsDir: string;
  resolveDataset: (datasetId: string) => DatasetRef;
  /** Trainer processes at once across all studies and jobs (default: CPU cores). */
  concurrency: number;
  heartbeatTimeoutMs?: number;
  /** Allowance for a trainer to load its backend before it says 'ready' (see TrainerSession). */
  startupTimeoutMs?: number;
  /** Extra trainer environment, per run (tests inject faults into one trial with it). */
  trainerEnv?: Record<string, string> | ((run: RunRow) => Record<string, string>);
  maxOldSpaceMb?: number;
  threadsPerTrial?: number;
}

export type SchedulerEvent = TrialEvent | ({ type: 'study-updated' } & ApiEventPayload<'study-updated'>);

/** How a study left the scheduler: its status, and the reason when it was not the user's doing. */
export interface StudyEnd {
  status: StudyStatus;
  reason: string | null;
}

interface PendingJob {
  job: EvaluationJob;
  started: boolean;
}

const DEFAULT_HEARTBEAT_MS = 60_000;
const DEFAULT_STARTUP_MS = 120_000;

/**
 * The only writer of run state, and a cache of the database, never the only copy: every user intent
 * (pause, resume, cancel, stop early) is stored first and then carried out, so any interleaving — or a
 * crash between the two — ends in the state the user asked for last. Owns the slots: trials of every
 * study it drives and evaluation jobs share `concurrency` trainer processes. Emits 'event'.
 */
export class Scheduler extends EventEmitter {
  private readonly studies = new Map<number, StudyDriver>();
  private readonly running = new Map<number, TrialRunner>();
  private readonly jobs: PendingJob[] = [];
  /** Runs whose attempt ended while the store could not record it (run → attempt): settled on resume. */
  private readonly unsettled = new Map<number, { studyId: number; attempt: number }>();
  /** Studies stopped by a storage failure whose new status could not be written. */
  private readonly unrecordedEnds = new Map<number, StudyEnd>();
  private concurrency: number;
  private closing = false;
  private storageFailure: string | null = null;

  constructor(private readonly opts: SchedulerOptions) {
    super();
    this.concurrency = opts.concurrency;
  }

  setConcurrency(n: number): void {
    if (!Number.isInteger(n) || n < 1) throw new AppError('invalid_input', `concurrency: must be a whole number ≥ 1, got ${n}`);
    this.concurrency = n;
    this.pump();
  }

  runningRunIds(): number[] {
    return [...this.running.keys()];
  }

  /** Studies this scheduler drives now (running, or pausing until their trials have stopped). */
  activeStudyIds(): number[] {
    return [...this.studies.keys()];
  }

  /**
   * Starts or resumes a study: the intent is stored first (paused, interrupted and retryable failed runs
   * back to the queue, a pending pause withdrawn), then the scheduler takes it up. Resolves when the
   * study completes, fails, is paused and quiet, or stops because the store failed.
   */
  startStudy(studyId: number): Promise<StudyEnd> {
    if (this.closing) throw new AppError('conflict', 'the scheduler is shutting down');
    this.settleUnsettled();
    const store = this.opts.store;
    const before = store.getStudy(studyId);
    if (!before) throw new AppError('not_found', `study ${studyId} does not exist`);
    const withdrawn = store.resumeStudy(studyId);
    for (const run of withdrawn) this.running.get(run.id)?.continueTraining();
    const study = store.getStudy(studyId)!;
    let driver = this.studies.get(studyId);
    if (driver) driver.resumed(study);
    else {
      driver = new StudyDriver(store, study, { budgetSpent: before.status === 'completed', warmStart: warmStartOf(store, study) });
      this.studies.set(studyId, driver);
    }
    this.emitEvent({ type: 'study-updated', studyId });
    this.pump();
    return driver.done;
  }

  /** Running trials finish their epoch, checkpoint and stop; resolves when none is left running. */
  pauseStudy(studyId: number): Promise<StudyEnd> {
    const runs = this.opts.store.pauseStudy(studyId);
    for (const run of runs) {
      if (run.stopRequest === 'pause') this.running.get(run.id)?.stopAtEpochEnd('paused');
    }
    this.emitEvent({ type: 'study-updated', studyId });
    const driver = this.studies.get(studyId);
    if (!driver) return Promise.resolve({ status: 'paused', reason: null });
    driver.paused();
    this.settleIfIdle(driver);
    return driver.done;
  }

  /** Kills a running trial (stored as a cancel request first); a waiting one is cancelled at once. */
  cancelRun(runId: number): RunRow {
    const store = this.opts.store;
    const run = store.getRun(runId);
    if (!run) throw new AppError('not_found', `run ${runId} does not exist`);
    const runner = this.running.get(runId);
    if (runner) {
      store.requestRunStop(runId, 'cancel');
      runner.cancel();
    } else if (['queued', 'paused', 'interrupted'].includes(run.status)) {
      store.finishRun(runId, { status: 'cancelled' });
      this.emitEvent({ type: 'run-updated', runId, studyId: run.studyId });
    } else {
      throw new AppError('conflict', `run ${runId} is ${run.status}; only queued, running, paused or interrupted runs can be cancelled`);
    }
    return store.getRun(runId)!;
  }

  /** Stops a running trial at its next epoch boundary and records it as pruned (stored first). */
  stopRunEarly(runId: number): RunRow {
    const runner = this.running.get(runId);
    if (!runner) throw new AppError('conflict', `run ${runId} is not running`);
    const run = this.opts.store.requestRunStop(runId, 'prune');
    runner.stopAtEpochEnd('pruned');
    return run;
  }

  /** Scores a run on the test split in a trainer process, in a slot like any trial. */
  async runEvaluation(runId: number, opts: EvaluateOptions = {}): Promise<EvaluationRow> {
    if (this.closing) throw new AppError('conflict', 'the scheduler is shutting down');
    const task = prepareEvaluation(this.opts.store, runId, opts);
    const job = new EvaluationJob(this.trainerDeps(undefined), task);
    const pending: PendingJob = { job, started: false };
    this.jobs.push(pending);
    this.pump();
    try {
      const result = await job.result;
      this.opts.store.recordEvaluation(runId, { checkpoint: task.checkpoint, metrics: result.metrics, confusion: result.confusion });
      return this.opts.store.listEvaluations(runId).at(-1)!;
    } finally {
      this.jobs.splice(this.jobs.indexOf(pending), 1);
      this.pump();
    }
  }

  /**
   * Owner shutdown: kill trainers; their runs end where their stored intent points, else 'interrupted',
   * and continue from their last checkpoint when the study is resumed — the state a crash leaves too.
   */
  async shutdown(): Promise<void> {
    this.closing = true;
    const waits: Promise<unknown>[] = [];
    for (const r of this.running.values()) {
      r.kill();
      waits.push(r.finished);
    }
    for (const p of this.jobs) {
      p.job.kill();
      waits.push(p.job.result.catch(() => undefined));
    }
    await Promise.all(waits);
  }

  private emitEvent(e: SchedulerEvent): void {
    this.emit('event', e);
  }

  /** Trainer processes on this machine: remote trials train on workers and take no slot here. */
  private busySlots(): number {
    let local = this.jobs.filter((j) => j.started).length;
    for (const r of this.running.values()) if (!this.studies.get(r.studyId)?.remote) local++;
    return local;
  }

  private pump(): void {
    if (this.closing || this.storageFailure) return;
    try {
      // Evaluations first: a person is waiting for them.
      for (const p of this.jobs) {
        if (this.busySlots() >= this.concurrency) break;
        if (p.started) continue;
        p.started = true;
        p.job.start(this.heartbeatMs());
      }
      for (const driver of [...this.studies.values()]) {
        while ((driver.remote || this.busySlots() < this.concurrency) && this.countRunning(driver.studyId) < driver.concurrency(this.concurrency)) {
          const run = driver.nextRun();
          if (!run) break;
          this.launch(driver, run);
        }
        this.settleIfIdle(driver);
      }
    } catch (err) {
      this.onStorageFailure(err);
    }
  }

  private countRunning(studyId: number): number {
    let n = 0;
    for (const r of this.running.values()) if (r.studyId === studyId) n++;
    return n;
  }

  private trainerDeps(run: RunRow | undefined) {
    const env = typeof this.opts.trainerEnv === 'function' ? (run ? this.opts.trainerEnv(run) : undefined) : this.opts.trainerEnv;
    return {
      launcher: this.opts.launcher,
      heartbeatTimeoutMs: this.opts.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_MS,
      startupTimeoutMs: this.opts.startupTimeoutMs ?? DEFAULT_STARTUP_MS,
      trainerEnv: env,
      maxOldSpaceMb: this.opts.maxOldSpaceMb,
    };
  }

  private heartbeatMs(): number {
    return Math.max(100, Math.floor((this.opts.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_MS) / 3));
  }

  private launch(driver: StudyDriver, queued: RunRow): void {
    const store = this.opts.store;
    const { study } = driver;
    let config;
    try {
      config = resolveTrialConfig(study.template, study.task, queued.seed, queued.params);
    } catch (err) {
      // A config the trainer could never run fails this run alone; the study goes on.
      store.finishRun(queued.id, { status: 'failed', error: `cannot start trial: ${(err as Error).message}`, failureKind: 'config' });
      driver.recordSettled(store.getRun(queued.id)!);
      this.emitEvent({ type: 'run-updated', runId: queued.id, studyId: queued.studyId });
      return;
    }
    const run = store.launchRun(queued.id);
    const runner = new TrialRunner(
      {
        ...this.trainerDeps(run),
        store,
        runsDir: this.opts.runsDir,
        threadsPerTrial: this.opts.threadsPerTrial ?? 1,
        maxAttempts: study.spec.maxAttempts,
        onEvent: (e) => this.emitEvent(e),
        onStorageFailure: (err) => this.onStorageFailure(err),
        onUnrecordedEnd: (r) => this.unsettled.set(r.id, { studyId: r.studyId, attempt: r.attempt }),
        judge: driver.judges ? (r, epoch) => driver.judge(r, epoch) : null,
      },
      {
        run,
        config,
        dataset: this.opts.resolveDataset(study.datasetId),
        backend: study.spec.backend,
        objective: { metric: study.objectiveMetric, direction: study.objectiveDirection },
      },
    );
    this.running.set(run.id, runner);
    driver.recordLaunched(run);
    this.emitEvent({ type: 'run-updated', runId: run.id, studyId: run.studyId });
    runner.start();
    void runner.finished.then((end: TrialEnd) => {
      this.running.delete(run.id);
      if (end) driver.recordSettled(end);
      this.pump();
      this.settleIfIdle(driver);
    });
  }

  private settleIfIdle(driver: StudyDriver): void {
    if (this.countRunning(driver.studyId) > 0 || this.studies.get(driver.studyId) !== driver) return;
    let end: StudyEnd | null;
    try {
      end = this.storageFailure ? { status: 'paused', reason: this.storageFailure } : driver.finishIfDone(this.closing);
    } catch (err) {
      this.onStorageFailure(err);
      return;
    }
    if (!end) return;
    this.studies.delete(driver.studyId);
    this.emitEvent({ type: 'study-updated', studyId: driver.studyId });
    driver.end(end);
  }

  /**
   * A store write failed (disk full, read-only, I/O error). Nothing more can be recorded, so nothing more
   * runs: trainers are stopped (their last stored epoch is where they resume), each study is paused
   * with the reason where that can still be written, and the process stays up. Resuming once the store
   * works again continues every run from its last checkpoint.
   */
  private onStorageFailure(err: unknown): void {
    if (this.storageFailure) return;
    const message = err instanceof Error ? err.message : String(err);
    this.storageFailure = `stopped: the database could not record the trials' progress (${message})`;
    console.error(`[scheduler] ${this.storageFailure}`);
    for (const r of this.running.values()) r.kill();
    for (const driver of [...this.studies.values()]) {
      try {
        this.opts.store.setStudyStatus(driver.studyId, 'paused', this.storageFailure);
      } catch {
        // Still failing: this process reports the end itself (see unrecorded()); the next owner's
        // recovery marks the study interrupted if it is never written.
        this.unrecordedEnds.set(driver.studyId, { status: 'paused', reason: this.storageFailure });
      }
      this.settleIfIdle(driver);
    }
  }

  /**
   * What the database could not be told: studies stopped by a storage failure and the runs whose end
   * went unrecorded (they are no longer running, whatever their row says). Views overlay it, so what
   * this owner reports is the truth even while its database lags.
   */
  unrecorded(): { studies: ReadonlyMap<number, StudyEnd>; runs: ReadonlySet<number> } {
    return { studies: this.unrecordedEnds, runs: new Set(this.unsettled.keys()) };
  }

  /** Before taking anything up again: attempts that ended unrecorded are recorded as interrupted. */
  private settleUnsettled(): void {
    for (const [runId, { attempt }] of this.unsettled) {
      this.opts.store.settleRun(runId, attempt, (run) => (run.stopRequest === 'cancel' ? { status: 'cancelled', outcome: 'cancelled' } : { status: 'interrupted', outcome: 'interrupted' }));
      this.unsettled.delete(runId);
    }
    this.unrecordedEnds.clear();
    this.storageFailure = null;
  }
}
