import type { ObjectiveDirection } from '../../../../shared/domain/run';
import { AppError } from '../../../../shared/result';
import { hashInts } from '../prng';
import type { TrialRecord } from '../types';
import { judgeHalving } from './asha';
import { othersOf } from './curve';
import type { PruneDecision, Pruner } from './types';

export interface HyperbandOptions {
  minEpochs: number;
  maxEpochs: number;
  reductionFactor: number;
}

/** Brackets s = 0..S−1 with S = ⌊log_η(max/min)⌋ + 1; bracket s starts judging at min·η^s. */
export function bracketCount(o: HyperbandOptions): number {
  let n = 1;
  while (o.minEpochs * o.reductionFactor ** n <= o.maxEpochs) n++;
  return n;
}

/**
 * Share of trials each bracket gets, as Hyperband's n_s = ⌈S·η^(S−1−s)/(S−s)⌉ (Li et al. 2018,
 * Algorithm 1): aggressive brackets see many trials, the last (no early stopping before max/η^0) few.
 */
export function bracketBudgets(o: HyperbandOptions): number[] {
  const n = bracketCount(o);
  return Array.from({ length: n }, (_, s) => Math.ceil((n * o.reductionFactor ** (n - 1 - s)) / (n - s)));
}

/** The bracket of trial `number`: drawn from (seed, number), weighted by the bracket budgets. */
export function hyperbandBracket(seed: number, number: number, o: HyperbandOptions): number {
  const budgets = bracketBudgets(o);
  let n = hashInts(seed, number, 0x4b) % budgets.reduce((a, b) => a + b, 0);
  for (let s = 0; s < budgets.length; s++) {
    n -= budgets[s]!;
    if (n < 0) return s;
  }
  return budgets.length - 1;
}

/**
 * Hyperband as brackets of successive halving (Optuna's HyperbandPruner): each trial belongs to one
 * bracket and competes only with trials of its bracket; bracket s starts judging at minEpochs·η^s.
 */
export function createHyperbandPruner(direction: ObjectiveDirection, seed: number, o: HyperbandOptions): Pruner {
  const sign = direction === 'minimize' ? 1 : -1;
  const bracketOf = (t: TrialRecord): number => {
    if (t.number === undefined) throw new AppError('invalid_input', 'hyperband: every trial record needs its trial number (the bracket is drawn from it)');
    return hyperbandBracket(seed, t.number, o);
  };
  return {
    name: 'hyperband',
    shouldStop(trial: TrialRecord, history: readonly TrialRecord[]): PruneDecision {
      const bracket = bracketOf(trial);
      const peers = othersOf(trial, history).filter((t) => bracketOf(t) === bracket);
      const decision = judgeHalving(trial, peers, sign, { minEpochs: o.minEpochs, reductionFactor: o.reductionFactor, minEarlyStoppingRate: bracket });
      return { ...decision, bracket, reason: `bracket ${bracket}: ${decision.reason}` };
    },
  };
}
