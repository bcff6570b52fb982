import { plannedEpochsOf } from '../../../shared/domain/hparams';
import { isRemoteExecutor } from '../../../shared/domain/executor';
import { createSearch } from '../search/create-search';
import { createPruner } from '../search/pruners/create-pruner';
import type { Pruner } from '../search/pruners/types';
import { trialSeed } from '../search/seeds';
import type { EpochValue, SearchAlgorithm, TrialRecord } from '../search/types';
import type { Store } from '../store/store';
import type { RunRow, StudyRow } from '../store/types';
import { StudyBudget } from './study-budget';
import type { StudyEnd } from './scheduler';
import type { Verdict } from './trial-runner';

/**
 * The scheduler's state for one study it drives, kept in step with the database so that choosing the
 * next trial costs the same at trial 10 and at trial 10,000: the search history (with each trial's
 * objective curve where a pruner or TPE reads it), the trial count and the budget are read once when
 * the study is taken up and then updated as runs are created, report epochs and settle; the queue is
 * an indexed lookup. The database stays the source of truth for every decision a crash must not lose.
 */
export class StudyDriver {
  study: StudyRow;
  private readonly search: SearchAlgorithm;
  private readonly pruner: Pruner | null;
  private readonly budget: StudyBudget;
  /** Curves are kept only where something reads them: a pruner, or TPE ranking pruned trials. */
  private readonly keepsCurves: boolean;
  private readonly history: TrialRecord[] = [];
  private readonly indexOf = new Map<number, number>();
  private exhausted: boolean;
  private pausing = false;
  readonly done: Promise<StudyEnd>;
  private resolveDone!: (end: StudyEnd) => void;

  constructor(
    private readonly store: Store,
    study: StudyRow,
    opts: {
      /** A completed study taken up again for a clone runs its queued runs only: its search budget is spent. */
      budgetSpent?: boolean;
      /** Finished trials of another study that the sampler starts from (`sampler.warmStartStudy`). */
      warmStart?: readonly TrialRecord[];
    } = {},
  ) {
    this.study = study;
    const { spec } = study;
    this.search = createSearch(spec, { warmStart: opts.warmStart });
    this.pruner = createPruner(spec);
    this.keepsCurves = this.pruner !== null || spec.algorithm === 'tpe';
    this.exhausted = opts.budgetSpent ?? false;
    const curves = this.keepsCurves ? store.objectiveCurves(study.id, study.objectiveMetric) : null;
    let epochs = 0;
    for (const t of store.trialRecords(study.id)) {
      epochs += t.epochsDone;
      this.remember(t.runId, { number: t.trialNumber, params: t.params, status: t.status, objective: t.objective, ...(curves ? { intermediate: curves.get(t.runId) ?? [] } : {}) });
    }
    this.budget = new StudyBudget(spec, epochs);
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  get studyId(): number {
    return this.study.id;
  }

  /** Its trials train on remote workers: they take none of this machine's slots. */
  get remote(): boolean {
    return isRemoteExecutor(this.study.spec.executor);
  }

  /** This study's share of the slots: its spec's concurrency, within the scheduler's (remote: the spec's alone). */
  concurrency(schedulerLimit: number): number {
    if (this.remote) return this.study.spec.concurrency ?? schedulerLimit;
    return Math.min(this.study.spec.concurrency ?? schedulerLimit, schedulerLimit);
  }

  /**
   * Trials it could start right now besides the `running` ones: within its share of the slots, and no
   * more than its queue and its budget still hold (a study's tail wants fewer than its concurrency).
   */
  couldStart(running: number, schedulerLimit: number): number {
    if (this.pausing) return 0;
    const slots = Math.max(0, this.concurrency(schedulerLimit) - running);
    if (slots === 0) return 0;
    const queued = this.store.countRunsByStatus(this.study.id).queued ?? 0;
    const { maxTrials } = this.study.spec.budget;
    const searching = !this.exhausted && !this.budget.spent(this.history.length);
    const unsuggested = !searching ? 0 : maxTrials === undefined ? Infinity : Math.max(0, maxTrials - this.history.length);
    return Math.min(slots, queued + unsuggested);
  }

  /** Whether its trials report to a judge (a pruner, or a budget that stops running trials). */
  get judges(): boolean {
    return this.pruner !== null || this.budget.stopsRunningTrials;
  }

  paused(): void {
    this.pausing = true;
  }

  /** Resumed (possibly while its trials were still pausing): launch again. */
  resumed(study: StudyRow): void {
    this.study = study;
    this.pausing = false;
  }

  /** A queued run first (resume, retry, clone), else a new suggestion while the budget lasts. */
  nextRun(): RunRow | null {
    if (this.pausing) return null;
    const queued = this.store.nextQueuedRun(this.study.id);
    if (queued) return queued;
    if (this.exhausted || this.budget.spent(this.history.length)) return null;
    const params = this.search.suggest(this.history);
    if (!params) {
      this.exhausted = true;
      return null;
    }
    // A trial the time left cannot hold is not started (the suggestion is pure: nothing is lost).
    if (!this.budget.fits(params)) {
      this.exhausted = true;
      return null;
    }
    const { seed } = this.study.spec;
    // The trial number and the seed come from one place: the store assigns the number and derives the seed.
    const run = this.store.createRun({ studyId: this.study.id, params, seed: (trialNumber) => trialSeed(seed, trialNumber) });
    this.remember(run.id, this.recordOf(run));
    return run;
  }

  recordLaunched(run: RunRow): void {
    this.remember(run.id, this.recordOf(run));
  }

  recordSettled(run: RunRow): void {
    this.remember(run.id, this.recordOf(run));
  }

  /**
   * An epoch of one of its trials was stored: the pruner judges the trial's curve against the other
   * trials, then the budgets (epochs, time) judge the study. Pure decisions on what is stored, so a
   * study resumed after a crash takes the same ones.
   */
  judge(run: RunRow, epoch: { epoch: number; metrics: Record<string, number>; wallTime: number }): Verdict {
    const at = this.indexOf.get(run.id);
    const record = at === undefined ? null : this.history[at]!;
    const value = epoch.metrics[this.study.objectiveMetric];
    if (record && this.keepsCurves) {
      const point: EpochValue = { step: epoch.epoch, value: value ?? Number.NaN, time: epoch.wallTime };
      const curve = (record.intermediate ?? []).filter((p) => p.step !== epoch.epoch);
      this.history[at!] = { ...record, intermediate: [...curve, point] };
    }
    this.budget.recordEpoch(epoch.metrics.epoch_time_ms);
    // A trial at its last epoch has done its work: stopping it now would save nothing.
    if (epoch.epoch >= plannedEpochsOf(this.study.template, run.params)) return { stop: null };
    if (this.pruner && record) {
      const decision = this.pruner.shouldStop(this.history[at!]!, this.history);
      if (decision.stop) return { stop: 'pruned', reason: decision.reason, rung: decision.rung };
    }
    const spent = this.budget.spentWhy();
    return spent ? { stop: 'paused', reason: spent, rung: null } : { stop: null };
  }

  /**
   * The study's end once nothing of it runs: null while it still has work, else its final status
   * (already stored when it ends paused; written here when it completes or fails).
   */
  finishIfDone(closing: boolean): StudyEnd | null {
    if (this.pausing) return { status: 'paused', reason: null };
    if (closing) {
      // Left to resume later, as a crash would leave it (the next owner's recovery would say the same).
      this.store.setStudyStatus(this.study.id, 'interrupted');
      return { status: 'interrupted', reason: 'the app is shutting down' };
    }
    if (this.store.hasRunsWithStatus(this.study.id, ['queued', 'running'])) return null;
    if (!(this.exhausted || this.budget.spent(this.history.length))) return null;
    const counts = this.store.countRunsByStatus(this.study.id);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    // A study none of whose trials produced a model did not complete: say so in the list.
    const status = total > 0 && counts.failed === total ? 'failed' : 'completed';
    this.store.setStudyStatus(this.study.id, status);
    return { status, reason: null };
  }

  end(end: StudyEnd): void {
    this.resolveDone(end);
  }

  private recordOf(run: RunRow): TrialRecord {
    const known = this.indexOf.get(run.id);
    const intermediate = known === undefined ? [] : (this.history[known]!.intermediate ?? []);
    return { number: run.trialNumber, params: run.params, status: run.status, objective: run.bestObjective, ...(this.keepsCurves ? { intermediate } : {}) };
  }

  private remember(runId: number, record: TrialRecord): void {
    const at = this.indexOf.get(runId);
    if (at === undefined) {
      this.indexOf.set(runId, this.history.length);
      this.history.push(record);
    } else this.history[at] = record;
  }
}
