import type { ObjectiveDirection } from '../../../../shared/domain/run';
import type { TrialRecord } from '../types';
import { atOrAfter, curveOf, lossOf, othersOf, recordedBefore } from './curve';
import { goOn, type PruneDecision, type Pruner } from './types';

export interface HalvingOptions {
  minEpochs: number;
  reductionFactor: number;
  minEarlyStoppingRate: number;
}

/** Epoch of rung r: minEpochs · factor^(rate + r). */
export const rungEpoch = (o: HalvingOptions, rung: number): number => o.minEpochs * o.reductionFactor ** (o.minEarlyStoppingRate + rung);

const show = (v: number): string => String(Number(v.toPrecision(4)));

/**
 * Asynchronous successive halving (Li et al. 2020, as Optuna's SuccessiveHalvingPruner): rung r sits
 * at epoch minEpochs·η^(s+r). A trial that reaches a rung goes on only if its value there is among
 * the best 1/η of the values recorded at that rung so far (itself included; while fewer than η trials
 * are there, it must be the best). Every rung the trial has reached is judged, each against the values
 * recorded before the trial's own, so a missed question is caught up and an old answer never changes.
 * `competitors` are the trials that share its rungs (all others, or Hyperband's bracket).
 */
export function judgeHalving(trial: TrialRecord, competitors: readonly TrialRecord[], sign: number, o: HalvingOptions): PruneDecision {
  const curve = curveOf(trial);
  const latest = curve[curve.length - 1];
  if (!latest) return goOn('no epoch reported yet');
  const me = trial.number ?? Infinity;
  const curves = competitors.map((t) => ({ n: t.number ?? -1, curve: curveOf(t) }));
  let reached: number | null = null;
  for (let rung = 0; rungEpoch(o, rung) <= latest.step; rung++) {
    const epoch = rungEpoch(o, rung);
    const mine = atOrAfter(curve, epoch)!;
    reached = rung;
    const loss = lossOf(mine.value, sign);
    if (loss === Infinity) return { stop: true, rung, epoch: mine.step, reason: `no finite value at rung ${rung} (epoch ${epoch})` };
    const values = [loss];
    for (const c of curves) {
      const theirs = atOrAfter(c.curve, epoch);
      if (theirs && recordedBefore(theirs, c.n, mine, me)) values.push(lossOf(theirs.value, sign));
    }
    values.sort((a, b) => a - b);
    const keep = Math.max(1, Math.floor(values.length / o.reductionFactor));
    const cutoff = values[keep - 1]!;
    if (loss > cutoff) {
      return {
        stop: true,
        rung,
        epoch: mine.step,
        reason: `${show(sign * loss)} at rung ${rung} (epoch ${epoch}) is not in the best ${keep} of ${values.length} (cut-off ${show(sign * cutoff)})`,
      };
    }
  }
  return goOn(reached === null ? `first rung at epoch ${rungEpoch(o, 0)}` : `promoted through rung ${reached}`, reached);
}

export function createAshaPruner(direction: ObjectiveDirection, o: HalvingOptions): Pruner {
  const sign = direction === 'minimize' ? 1 : -1;
  return {
    name: 'asha',
    shouldStop: (trial, history) => judgeHalving(trial, othersOf(trial, history), sign, o),
  };
}
