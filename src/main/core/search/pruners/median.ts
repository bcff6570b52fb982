import type { ObjectiveDirection } from '../../../../shared/domain/run';
import type { TrialRecord } from '../types';
import { atOrAfter, curveOf, lossOf, othersOf, recordedBefore } from './curve';
import { goOn, type PruneDecision, type Pruner } from './types';

export interface MedianOptions {
  warmupTrials: number;
  warmupEpochs: number;
  intervalEpochs: number;
  minTrials: number;
}

const show = (v: number): string => String(Number(v.toPrecision(4)));

/**
 * Optuna's MedianPruner: at a judged epoch k, stop the trial when its best value so far is worse than
 * the median of the values at epoch k of the trials that had completed by then. Epochs 1..warmupEpochs
 * are not judged, then every `intervalEpochs`; nothing is judged before `warmupTrials` trials completed.
 * Only the trial's latest epoch is judged: the scheduler asks after every epoch.
 */
export function createMedianPruner(direction: ObjectiveDirection, opts: MedianOptions): Pruner {
  const sign = direction === 'minimize' ? 1 : -1;
  return {
    name: 'median',
    shouldStop(trial: TrialRecord, history: readonly TrialRecord[]): PruneDecision {
      const curve = curveOf(trial);
      const latest = curve[curve.length - 1];
      if (!latest) return goOn('no epoch reported yet');
      const k = latest.step;
      if (k <= opts.warmupEpochs) return goOn(`epoch ${k} is within the ${opts.warmupEpochs} warm-up epochs`);
      if ((k - opts.warmupEpochs - 1) % opts.intervalEpochs !== 0) return goOn(`epoch ${k} is not a judged epoch`);
      const me = trial.number ?? Infinity;

      // Completed trials as of this trial's epoch k: their last epoch was recorded before it.
      const completed = othersOf(trial, history).filter((t) => {
        if (t.status !== 'completed') return false;
        const c = curveOf(t);
        const last = c[c.length - 1];
        return last !== undefined && recordedBefore(last, t.number ?? -1, latest, me);
      });
      if (completed.length < opts.warmupTrials) return goOn(`${completed.length} of ${opts.warmupTrials} warm-up trials completed`);
      const atK: number[] = [];
      for (const t of completed) {
        const v = atOrAfter(curveOf(t), k);
        if (v && v.step === k && !Number.isNaN(v.value)) atK.push(sign * v.value);
      }
      if (atK.length < opts.minTrials || atK.length === 0) return goOn(`${atK.length} completed trials reported epoch ${k}; ${Math.max(1, opts.minTrials)} needed`);
      atK.sort((a, b) => a - b);
      const mid = atK.length >> 1;
      const median = atK.length % 2 ? atK[mid]! : (atK[mid - 1]! + atK[mid]!) / 2;

      let best = Infinity;
      for (const e of curve) if (e.step <= k) best = Math.min(best, lossOf(e.value, sign));
      if (best > median) {
        const shown = best === Infinity ? 'no finite value' : `best ${show(sign * best)}`;
        return { stop: true, rung: null, epoch: k, reason: `${shown} by epoch ${k} is worse than the median ${show(sign * median)} of ${atK.length} completed trials` };
      }
      return goOn(`best ${show(sign * best)} by epoch ${k} is within the median ${show(sign * median)}`);
    },
  };
}
