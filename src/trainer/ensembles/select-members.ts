import type { ObjectiveDirection } from '../../shared/domain/run';
import { scoreOutputs, type SplitOutputs } from './score-outputs';

export interface Objective {
  /** A validation metric name, e.g. val_loss or val_accuracy. */
  metric: string;
  direction: ObjectiveDirection;
}

/** Σ weightᵢ·outputᵢ / Σ weightᵢ: averaged class probabilities (or values, for regression). */
export function averageOutputs(outputs: readonly Float32Array[], weights: readonly number[]): Float32Array {
  const total = weights.reduce((a, b) => a + b, 0);
  if (outputs.length === 0 || total <= 0) throw new Error('an ensemble needs at least one member with a positive weight');
  const out = new Float32Array(outputs[0]!.length);
  outputs.forEach((o, m) => {
    const w = weights[m]!;
    if (w === 0) return;
    for (let i = 0; i < out.length; i++) out[i]! += w * o[i]!;
  });
  for (let i = 0; i < out.length; i++) out[i]! /= total;
  return out;
}

export function objectiveOf(metrics: Record<string, number>, objective: Objective): number {
  const v = metrics[objective.metric];
  if (v === undefined) throw new Error(`objective ${objective.metric} is not among the ensemble's metrics (${Object.keys(metrics).join(', ')})`);
  return v;
}

const better = (a: number, b: number, direction: ObjectiveDirection) => (direction === 'minimize' ? a < b : a > b);

/**
 * Greedy ensemble selection with replacement (Caruana, Niculescu-Mizil, Crew & Ksikes, ICML 2004):
 * start from nothing; at each of `iterations` steps add the member (again, possibly) whose addition
 * gives the best validation objective of the averaged outputs; return the weights (times chosen) of the
 * best ensemble seen over all steps, the smallest one on ties. Ties between candidates go to the earlier
 * member (members come best first). `trace` holds the objective after each step.
 */
export function greedySelect(split: SplitOutputs, outputs: readonly Float32Array[], objective: Objective, iterations: number, prefix = 'val_'): { weights: number[]; trace: number[] } {
  const m = outputs.length;
  const counts = new Array<number>(m).fill(0);
  const sum = new Float64Array(outputs[0]?.length ?? 0);
  const trial = new Float32Array(sum.length);
  const trace: number[] = [];
  let best: { weights: number[]; value: number } | null = null;
  for (let step = 1; step <= iterations; step++) {
    let pick = -1;
    let pickValue = 0;
    for (let j = 0; j < m; j++) {
      const o = outputs[j]!;
      for (let i = 0; i < trial.length; i++) trial[i] = (sum[i]! + o[i]!) / step;
      const value = objectiveOf(scoreOutputs(split, trial, prefix).metrics, objective);
      if (pick < 0 || better(value, pickValue, objective.direction)) {
        pick = j;
        pickValue = value;
      }
    }
    counts[pick]!++;
    const chosen = outputs[pick]!;
    for (let i = 0; i < sum.length; i++) sum[i]! += chosen[i]!;
    trace.push(pickValue);
    if (best === null || better(pickValue, best.value, objective.direction)) best = { weights: [...counts], value: pickValue };
  }
  return { weights: best?.weights ?? counts, trace };
}
