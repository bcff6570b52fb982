import type { ParamSet } from '../../../shared/domain/space';
import type { RunStatus } from '../../../shared/domain/run';

/** The study objective reported after one epoch: the curve pruners judge and TPE ranks pruned trials by. */
export interface EpochValue {
  /** Epoch, 1-based. */
  step: number;
  /** The objective metric at that epoch; NaN when it diverged. */
  value: number;
  /** When it was recorded (ms since the epoch): pruners judge "as of" this time, so a decision never changes later. */
  time: number;
}

/** What a search algorithm or pruner sees of one trial. */
export interface TrialRecord {
  /** Trial number within the study (1-based, the order runs were created in); Hyperband's bracket comes from it. */
  number?: number;
  params: ParamSet;
  status: RunStatus;
  /** The study's objective metric for this trial (its best epoch); null while running or when it failed. */
  objective: number | null;
  /** Per-epoch objective values, any order. Needed by pruners, and by TPE to rank pruned trials. */
  intermediate?: readonly EpochValue[];
}

/** Pure and seeded: the same spec and the same history always give the same suggestion. */
export interface SearchAlgorithm {
  readonly name: string;
  /**
   * The next point to try, or null when the space is exhausted (every point already in history).
   * `history` holds every trial of the study in creation order, running and queued ones included.
   */
  suggest(history: readonly TrialRecord[]): ParamSet | null;
  /** Number of distinct points in the space, or null when it is continuous (unbounded). */
  size(): number | null;
}
