import { isRemoteExecutor } from '../../../shared/domain/executor';
import { createSearch } from '../search/create-search';
import { trialSeed } from '../search/seeds';
import type { SearchAlgorithm, TrialRecord } from '../search/types';
import type { Store } from '../store/store';
import type { RunRow, StudyRow } from '../store/types';
import type { StudyEnd } from './scheduler';

/**
 * The scheduler's state for one study it drives, kept in step with the database so that choosing the
 * next trial costs the same at trial 10 and at trial 10,000: the search history and the trial count
 * are read once when the study is taken up and then updated as runs are created and settle; the
 * queue is an indexed lookup. The database stays the source of truth for every decision that a crash
 * must not lose.
 */
export class StudyDriver {
  study: StudyRow;
  private readonly search: SearchAlgorithm;
  private readonly history: TrialRecord[] = [];
  private readonly indexOf = new Map<number, number>();
  private startedAt = Date.now();
  private exhausted: boolean;
  private pausing = false;
  readonly done: Promise<StudyEnd>;
  private resolveDone!: (end: StudyEnd) => void;

  constructor(
    private readonly store: Store,
    study: StudyRow,
    /** A completed study taken up again for a clone runs its queued runs only: its search budget is spent. */
    budgetSpent = false,
  ) {
    this.study = study;
    this.search = createSearch(study.spec);
    this.exhausted = budgetSpent;
    for (const t of store.trialRecords(study.id)) this.remember(t.runId, { params: t.params, status: t.status, objective: t.objective });
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
    if (this.exhausted || this.budgetSpent()) return null;
    const params = this.search.suggest(this.history);
    if (!params) {
      this.exhausted = true;
      return null;
    }
    const { seed } = this.study.spec;
    // The trial number and the seed come from one place: the store assigns the number and derives the seed.
    const run = this.store.createRun({ studyId: this.study.id, params, seed: (trialNumber) => trialSeed(seed, trialNumber) });
    this.remember(run.id, { params: run.params, status: run.status, objective: null });
    return run;
  }

  recordLaunched(run: RunRow): void {
    this.remember(run.id, { params: run.params, status: run.status, objective: run.bestObjective });
  }

  recordSettled(run: RunRow): void {
    this.remember(run.id, { params: run.params, status: run.status, objective: run.bestObjective });
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
    if (!(this.exhausted || this.budgetSpent())) return null;
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

  private budgetSpent(): boolean {
    const { maxTrials, maxTimeSec } = this.study.spec.budget;
    if (maxTimeSec !== undefined && Date.now() - this.startedAt >= maxTimeSec * 1000) return true;
    // Every run the study has had counts (clones included), as the run table shows them.
    if (maxTrials !== undefined && this.history.length >= maxTrials) return true;
    return false;
  }

  private remember(runId: number, record: TrialRecord): void {
    const at = this.indexOf.get(runId);
    if (at === undefined) {
      this.indexOf.set(runId, this.history.length);
      this.history.push(record);
    } else this.history[at] = record;
  }
}
