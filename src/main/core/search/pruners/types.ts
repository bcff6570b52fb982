import type { PrunerType } from '../../../../shared/domain/search-options';
import type { TrialRecord } from '../types';

/** A pruner's answer for one trial, with what the scheduler records on a pruned run. */
export interface PruneDecision {
  stop: boolean;
  /**
   * ASHA and Hyperband: the highest rung the trial reached (0-based; null before the first). When
   * `stop`, the rung at which it was not promoted: what a pruned run stores as "pruned at rung r".
   */
  rung: number | null;
  /** Hyperband: the bracket the trial belongs to. */
  bracket?: number;
  /** The epoch whose judgement stopped the trial (null when it goes on). */
  epoch: number | null;
  /** Words for the run's log and the UI. */
  reason: string;
}

/**
 * Pure early-termination rules, fidelity = epochs. `shouldStop` judges `trial` (a running trial with
 * its per-epoch objective values) against the other trials of the study in `history` (the trial itself
 * may be in it: it is recognised by its number, or by identity). Every judgement uses only values
 * recorded before the judged value (by `time`, ties by trial number), so asking again later (after a
 * resume, after more trials finished) gives the same answer.
 */
export interface Pruner {
  readonly name: Exclude<PrunerType, 'none'>;
  shouldStop(trial: TrialRecord, history: readonly TrialRecord[]): PruneDecision;
}

export const goOn = (reason: string, rung: number | null = null): PruneDecision => ({ stop: false, rung, epoch: null, reason });
