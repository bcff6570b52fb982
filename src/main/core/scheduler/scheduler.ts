import { EventEmitter } from 'node:events';
import type { ApiEventPayload } from '../../../shared/contract';
import type { DatasetRef } from '../../../shared/domain/dataset';
import type { DeviceInventory } from '../../../shared/domain/device';
import { resolveTrialConfig } from '../../../shared/domain/hparams';
import type { StudyStatus } from '../../../shared/domain/run';
import { AppError } from '../../../shared/result';
import { DevicePool, type Placement } from '../devices/device-pool';
import { cpuOnlyInventory } from '../devices/probe-devices';
import { TRAINER_PROTOCOL_VERSION } from '../../../shared/trainer-protocol';
import { prepareEvaluation, type EvaluateOptions } from '../evaluate/evaluate-run';
import type { EvaluationRow } from '../store/evaluations';
import type { Store } from '../store/store';
import type { RunRow } from '../store/types';
import { baseRefOf } from '../transfer/base-models';
import type { Launcher } from './launcher';
import { TrainerJob, type TrainerJobSpec } from './trainer-job';
import { StudyDriver } from './study-driver';
import { warmStartOf } from './warm-start';
import { TrialRunner, type TrialEnd, type TrialEvent } from './trial-runner';

export interface SchedulerOptions {
  store: Store;
  launcher: Launcher;
  runsDir: string;
  resolveDataset: (datasetId: string) => DatasetRef;
  /** Trainer processes at once on the CPU across all studies and jobs (default: CPU cores). */
  concurrency: number;
  /** Trials at once on each usable GPU (default 2). */
  trialsPerGpu?: number;
  /** The devices to place trials on, or their probe still under way (default: the CPU alone). */
  devices?: DeviceInventory | Promise<DeviceInventory>;
  /** Runnable processes on the machine (default: the 1-minute load average), for the threads of CPU trials. */
  machineLoad?: () => number;
  heartbeatTimeoutMs?: number;
  /** Allowance for a trainer to load its backend before it says 'ready' (see TrainerSession). */
  startupTimeoutMs?: number;
  /** Extra trainer environment, per run (tests inject faults into one trial with it). */
  trainerEnv?: Record<string, string> | ((run: RunRow) => Record<string, string>);
  maxOldSpaceMb?: number;
}

export type SchedulerEvent = TrialEvent | ({ type: 'study-updated' } & ApiEventPayload<'study-updated'>);

/** How a study left the scheduler: its status, and the reason when it was not the user's doing. */
export interface StudyEnd {
  status: StudyStatus;
  reason: string | null;
}

interface PendingJob {
  job: TrainerJob<unknown>;
  placement: Placement | null;
}

/**
 * A remote trial's placement on the owner's side: the worker places it on its own CPU or GPUs (its
 * --gpus) and its trainer reports the device it found; here it takes no device of the pool.
 */
const REMOTE_PLACEMENT: Placement = { device: 'cpu', name: 'remote worker', threads: 1, env: {} };

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
  /** Where trials go: CPU slots (`concurrency`) and GPU slots; decides each trial's device and threads. */
  readonly devices: DevicePool;
  private closing = false;
  private storageFailure: string | null = null;

  constructor(private readonly opts: SchedulerOptions) {
    super();
    const probed = opts.devices ?? cpuOnlyInventory('GPUs not probed by this process');
    this.devices = new DevicePool({ cpuTrials: opts.concurrency, trialsPerGpu: opts.trialsPerGpu ?? 2 }, 'then' in probed ? null : probed, opts.machineLoad);
    if ('then' in probed) {
      // 'auto' and GPU trials wait for the probe (a second or two): a GPU study must not start its first
      // trials on the CPU. Trials of CPU backends and evaluations need no GPU and start at once.
      void probed.then((inventory) => {
        this.devices.setInventory(inventory);
        this.pump();
      });
    }
  }

  setConcurrency(n: number): void {
    this.devices.setLimits({ cpuTrials: n });
    this.pump();
  }

  setTrialsPerGpu(n: number): void {
    this.devices.setLimits({ trialsPerGpu: n });
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
    const result = await this.runJob({
      label: `evaluation of run ${runId}`,
      runId,
      message: (heartbeatMs, at) => ({ type: 'evaluate', protocol: TRAINER_PROTOCOL_VERSION, ...task, heartbeatMs, ...at }),
      answer: (msg) => (msg.type === 'evaluation' ? msg : undefined),
    });
    this.opts.store.recordEvaluation(runId, { checkpoint: task.checkpoint, metrics: result.metrics, confusion: result.confusion, requestedBy: opts.requestedBy });
    return this.opts.store.listEvaluations(runId).at(-1)!;
  }

  /**
   * Any one-shot trainer job (an ensemble's scoring, a test-split look) in a slot like a trial: queued
   * before new trials (a person waits for it), killed at shutdown. Resolves with the job's answer.
   */
  async runJob<T>(spec: TrainerJobSpec<T>): Promise<T> {
    if (this.closing) throw new AppError('conflict', 'the scheduler is shutting down');
    const job = new TrainerJob(this.trainerDeps(undefined), spec);
    const pending: PendingJob = { job, placement: null };
    this.jobs.push(pending);
    this.pump();
    try {
      return await job.result;
    } finally {
      this.jobs.splice(this.jobs.indexOf(pending), 1);
      if (pending.placement) this.devices.release(pending.placement);
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

  private pump(): void {
    if (this.closing || this.storageFailure) return;
    try {
      // Evaluations first, on the CPU: a person is waiting for them.
      for (const p of this.jobs) {
        if (p.placement) continue;
        const placement = this.devices.placeOnCpu();
        if (!placement) break;
        this.devices.take(placement);
        p.placement = placement;
        p.job.start(this.heartbeatMs(), placement);
      }
      for (const driver of [...this.studies.values()]) {
        while (this.countRunning(driver.studyId) < driver.concurrency(this.devices.capacity())) {
          // Remote trials train on workers, which place them on their own devices: none is taken here.
          const placement = driver.remote ? REMOTE_PLACEMENT : this.devices.place(driver.study.spec.backend, this.demandBesides(driver));
          if (!placement) break;
          const run = driver.nextRun();
          if (!run) break;
          this.launch(driver, run, placement);
        }
        this.settleIfIdle(driver);
      }
    } catch (err) {
      this.onStorageFailure(err);
    }
  }

  /** Trials that could start right now besides the next one of `driver`: they share the idle cores. */
  private demandBesides(next: StudyDriver): number {
    let demand = 0;
    for (const d of this.studies.values()) if (!d.remote) demand += d.couldStart(this.countRunning(d.studyId), this.devices.capacity());
    return Math.max(0, demand - (next.couldStart(this.countRunning(next.studyId), this.devices.capacity()) > 0 ? 1 : 0));
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

  private launch(driver: StudyDriver, queued: RunRow, placement: Placement): void {
    const store = this.opts.store;
    const { study } = driver;
    let config;
    try {
      config = resolveTrialConfig(study.template, study.task, queued.seed, queued.params, baseRefOf(store, study));
    } catch (err) {
      // A config the trainer could never run fails this run alone; the study goes on.
      store.finishRun(queued.id, { status: 'failed', error: `cannot start trial: ${(err as Error).message}`, failureKind: 'config' });
      driver.recordSettled(store.getRun(queued.id)!);
      this.emitEvent({ type: 'run-updated', runId: queued.id, studyId: queued.studyId });
      return;
    }
    const run = store.launchRun(queued.id, placement.device);
    if (!driver.remote) this.devices.take(placement);
    const runner = new TrialRunner(
      {
        ...this.trainerDeps(run),
        store,
        runsDir: this.opts.runsDir,
        placement,
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
      if (!driver.remote) this.devices.release(placement);
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
