import { EventEmitter } from 'node:events';
import type { DatasetRef } from '../../../shared/domain/dataset';
import { resolveTrialConfig } from '../../../shared/domain/hparams';
import type { StudySpec } from '../../../shared/domain/study-spec';
import { AppError } from '../../../shared/result';
import type { SearchAlgorithm, TrialRecord } from '../search/types';
import { createSearch } from '../search/create-search';
import { trialSeed } from '../search/seeds';
import type { Store } from '../store/store';
import type { RunRow, StudyRow } from '../store/types';
import type { Launcher } from './launcher';
import { TrialRunner, type TrialEvent } from './trial-runner';

export interface SchedulerOptions {
  store: Store;
  launcher: Launcher;
  runsDir: string;
  resolveDataset: (datasetId: string) => DatasetRef;
  /** Trials at once across all studies (default: CPU cores). */
  concurrency: number;
  heartbeatTimeoutMs?: number;
  /** Extra trainer environment, per run (tests inject faults into one trial with it). */
  trainerEnv?: Record<string, string> | ((run: RunRow) => Record<string, string>);
  maxOldSpaceMb?: number;
  threadsPerTrial?: number;
}

interface ActiveStudy {
  study: StudyRow;
  spec: StudySpec;
  search: SearchAlgorithm;
  startedAt: number;
  pausing: boolean;
  exhausted: boolean;
  done: Promise<void>;
  resolveDone: () => void;
}

export type SchedulerEvent = TrialEvent | { type: 'study-updated'; studyId: number };

/**
 * The only writer of run state. Owns the queue and the slots, asks each study's search algorithm for
 * the next config, launches trials through the Launcher, and settles studies when their budget is
 * spent. Emits 'event' (SchedulerEvent) for live views.
 */
export class Scheduler extends EventEmitter {
  private readonly active = new Map<number, ActiveStudy>();
  private readonly running = new Map<number, TrialRunner>();
  private concurrency: number;
  private closing = false;

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

  /**
   * Starts (or resumes) a study; resolves when it completes or is paused. Runs the app left
   * interrupted are queued again and continue from their last checkpoint.
   */
  startStudy(studyId: number): Promise<void> {
    const existing = this.active.get(studyId);
    if (existing) {
      // Already running: a run queued since (a clone) starts now if a slot is free.
      this.pump();
      return existing.done;
    }
    const study = this.opts.store.getStudy(studyId);
    if (!study) throw new AppError('not_found', `study ${studyId} does not exist`);
    for (const run of this.opts.store.listRuns(studyId, { status: ['interrupted'] })) this.opts.store.requeueRun(run.id);
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => (resolveDone = r));
    this.active.set(studyId, {
      study,
      spec: study.spec,
      search: createSearch(study.spec),
      startedAt: Date.now(),
      pausing: false,
      // A completed study restarted for a clone runs its queued runs only; its search budget is spent.
      exhausted: study.status === 'completed',
      done,
      resolveDone,
    });
    this.opts.store.setStudyStatus(studyId, 'running');
    this.emitEvent({ type: 'study-updated', studyId });
    this.pump();
    return done;
  }

  /** Running trials finish their epoch, checkpoint and stop; the study can be resumed later. */
  pauseStudy(studyId: number): Promise<void> {
    const a = this.active.get(studyId);
    if (!a) return Promise.resolve();
    a.pausing = true;
    for (const r of this.running.values()) if (r.spec.run.studyId === studyId) r.stopAtEpochEnd('paused');
    this.settleStudyIfIdle(a);
    return a.done;
  }

  cancelRun(runId: number): void {
    const r = this.running.get(runId);
    if (r) return r.cancel();
    const run = this.opts.store.getRun(runId);
    if (!run) throw new AppError('not_found', `run ${runId} does not exist`);
    if (run.status === 'queued' || run.status === 'interrupted') {
      this.opts.store.finishRun(runId, { status: 'cancelled' });
      this.emitEvent({ type: 'run-updated', runId, studyId: run.studyId });
    }
  }

  /** Stops a running trial at its next epoch boundary and records it as pruned. */
  stopRunEarly(runId: number): void {
    const r = this.running.get(runId);
    if (!r) throw new AppError('conflict', `run ${runId} is not running`);
    r.stopAtEpochEnd('pruned');
  }

  /**
   * App shutdown: kill trainers; their runs end 'interrupted' (not failed) and continue from their
   * last checkpoint when the study is resumed — the same state a crash of the app leaves behind.
   */
  async shutdown(): Promise<void> {
    this.closing = true;
    const waits = [...this.running.values()].map((r) => {
      r.kill();
      return r.finished.catch(() => undefined);
    });
    await Promise.all(waits);
  }

  private emitEvent(e: SchedulerEvent): void {
    this.emit('event', e);
  }

  private pump(): void {
    if (this.closing) return;
    for (const a of this.active.values()) {
      while (this.running.size < this.concurrency && this.countRunning(a.study.id) < (a.spec.concurrency ?? this.concurrency)) {
        const run = this.nextRun(a);
        if (!run) break;
        this.launch(a, run);
      }
      this.settleStudyIfIdle(a);
    }
  }

  private countRunning(studyId: number): number {
    let n = 0;
    for (const r of this.running.values()) if (r.spec.run.studyId === studyId) n++;
    return n;
  }

  /** A queued run first (resume), else a new suggestion while the budget lasts. */
  private nextRun(a: ActiveStudy): RunRow | null {
    if (a.pausing) return null;
    const store = this.opts.store;
    const queued = store.listRuns(a.study.id, { status: ['queued'] }).find((r) => !this.running.has(r.id));
    if (queued) return queued;
    if (a.exhausted || this.budgetSpent(a)) return null;
    const runs = store.listRuns(a.study.id);
    const history: TrialRecord[] = runs.map((r) => ({ params: r.params, status: r.status, objective: r.bestObjective }));
    const params = a.search.suggest(history);
    if (!params) {
      a.exhausted = true;
      return null;
    }
    return store.createRun({ studyId: a.study.id, params, seed: trialSeed(a.spec.seed, runs.length + 1) });
  }

  private budgetSpent(a: ActiveStudy): boolean {
    const { maxTrials, maxTimeSec } = a.spec.budget;
    if (maxTimeSec !== undefined && Date.now() - a.startedAt >= maxTimeSec * 1000) return true;
    if (maxTrials !== undefined && this.opts.store.listRuns(a.study.id).length >= maxTrials) return true;
    return false;
  }

  private launch(a: ActiveStudy, run: RunRow): void {
    let runner: TrialRunner;
    try {
      const config = resolveTrialConfig(a.study.template, a.study.task, run.seed, run.params);
      runner = new TrialRunner(
        {
          store: this.opts.store,
          launcher: this.opts.launcher,
          runsDir: this.opts.runsDir,
          heartbeatTimeoutMs: this.opts.heartbeatTimeoutMs ?? 60_000,
          trainerEnv: typeof this.opts.trainerEnv === 'function' ? this.opts.trainerEnv(run) : this.opts.trainerEnv,
          maxOldSpaceMb: this.opts.maxOldSpaceMb,
          threadsPerTrial: this.opts.threadsPerTrial ?? 1,
          onEvent: (e) => this.emitEvent(e),
        },
        {
          run,
          config,
          dataset: this.opts.resolveDataset(a.study.datasetId),
          backend: a.spec.backend,
          objective: { metric: a.study.objectiveMetric, direction: a.study.objectiveDirection },
        },
      );
    } catch (err) {
      // A config the trainer could never run fails this run alone; the study goes on.
      this.opts.store.finishRun(run.id, { status: 'failed', error: `cannot start trial: ${(err as Error).message}` });
      this.emitEvent({ type: 'run-updated', runId: run.id, studyId: run.studyId });
      return;
    }
    this.running.set(run.id, runner);
    runner.start();
    void runner.finished.then(() => {
      this.running.delete(run.id);
      this.pump();
    });
  }

  private settleStudyIfIdle(a: ActiveStudy): void {
    if (this.countRunning(a.study.id) > 0) return;
    const store = this.opts.store;
    if (a.pausing) {
      store.setStudyStatus(a.study.id, 'paused');
    } else {
      const runs = store.listRuns(a.study.id);
      if (runs.some((r) => r.status === 'queued') || !(a.exhausted || this.budgetSpent(a))) return;
      // A study none of whose trials produced a model did not complete: say so in the list.
      const allFailed = runs.length > 0 && runs.every((r) => r.status === 'failed');
      store.setStudyStatus(a.study.id, allFailed ? 'failed' : 'completed');
    }
    this.active.delete(a.study.id);
    this.emitEvent({ type: 'study-updated', studyId: a.study.id });
    a.resolveDone();
  }
}
