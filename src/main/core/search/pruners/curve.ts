import type { EpochValue, TrialRecord } from '../types';

/** A trial's per-epoch values sorted by epoch, one per epoch (the latest write wins). */
export function curveOf(trial: TrialRecord): EpochValue[] {
  const byStep = new Map<number, EpochValue>();
  for (const e of trial.intermediate ?? []) byStep.set(e.step, e);
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}

/** The first value at or after `step` (the value a trial carried past that epoch). */
export function atOrAfter(curve: readonly EpochValue[], step: number): EpochValue | undefined {
  let lo = 0;
  let hi = curve.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (curve[mid]!.step < step) lo = mid + 1;
    else hi = mid;
  }
  return curve[lo];
}

/** Whether value `a` of trial number `na` was recorded before value `b` of trial `nb` (ties: lower trial number first). */
export const recordedBefore = (a: EpochValue, na: number, b: EpochValue, nb: number): boolean => a.time < b.time || (a.time === b.time && na < nb);

/** The other trials of `history`: `trial` itself is recognised by its number, else by identity. */
export function othersOf(trial: TrialRecord, history: readonly TrialRecord[]): TrialRecord[] {
  return history.filter((t) => t !== trial && (trial.number === undefined || t.number !== trial.number));
}

/** Lower is better after this sign: 1 to minimize, −1 to maximize. NaN (diverged) becomes +∞, the worst. */
export const lossOf = (value: number, sign: number): number => (Number.isNaN(value) ? Infinity : sign * value);
