import type { ParamSet } from '../../../shared/domain/space';
import type { RunStatus } from '../../../shared/domain/run';

/** What a search algorithm sees of one earlier trial. */
export interface TrialRecord {
  params: ParamSet;
  status: RunStatus;
  /** The study's objective metric for this trial; null while running or when it failed. */
  objective: number | null;
}

/** Pure and seeded: the same spec and the same history always give the same suggestion. */
export interface SearchAlgorithm {
  readonly name: string;
  /** The next point to try, or null when the space is exhausted (every point already in history). */
  suggest(history: TrialRecord[]): ParamSet | null;
  /** Number of distinct points in the space, or null when it is continuous (unbounded). */
  size(): number | null;
}
