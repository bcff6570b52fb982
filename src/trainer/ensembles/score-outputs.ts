import type { Task } from '../../shared/domain/hparams';
import { scoresFromConfusion } from '../metrics/confusion';

/** Model outputs for one split: row-major [count × units] (sigmoid, softmax or value per row). */
export interface SplitOutputs {
  task: Task;
  units: number;
  /** Sparse targets per row: class index, or the value for regression. */
  labels: Float32Array;
}

/** tfjs' epsilon for cross-entropy clipping: scores here match the members' own val_loss computation. */
const EPSILON = 1e-7;

const clip = (p: number) => Math.min(1 - EPSILON, Math.max(EPSILON, p));

/**
 * Metrics of outputs against the labels, as the trainer's evaluateSplit defines them (prefixed):
 * loss (binary or categorical cross-entropy, or mean squared error), accuracy and macro
 * precision/recall/F1 with the confusion matrix, or mse/mae. The loss is the task's own loss without
 * weight penalties, so an ensemble and its members are scored the same way. Pure: no tensors.
 */
export function scoreOutputs(split: SplitOutputs, out: Float32Array, prefix: string): { metrics: Record<string, number>; confusion?: number[][] } {
  const { task, units, labels } = split;
  const n = labels.length;
  if (out.length !== n * units) throw new Error(`outputs hold ${out.length} values, expected ${n} rows × ${units}`);
  if (n === 0) return { metrics: {} };
  if (task === 'regression') {
    let se = 0;
    let ae = 0;
    for (let i = 0; i < n; i++) {
      const d = out[i]! - labels[i]!;
      se += d * d;
      ae += Math.abs(d);
    }
    return { metrics: { [`${prefix}loss`]: se / n, [`${prefix}mse`]: se / n, [`${prefix}mae`]: ae / n } };
  }
  const classes = task === 'binary' ? 2 : units;
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let lossSum = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i]!;
    let predicted: number;
    if (task === 'binary') {
      const p = clip(out[i]!);
      lossSum -= y * Math.log(p) + (1 - y) * Math.log(1 - p);
      predicted = out[i]! > 0.5 ? 1 : 0;
    } else {
      let sum = 0;
      predicted = 0;
      for (let k = 0; k < units; k++) {
        const v = out[i * units + k]!;
        sum += v;
        if (v > out[i * units + predicted]!) predicted = k;
      }
      lossSum -= Math.log(clip(out[i * units + y]! / (sum || 1)));
    }
    confusion[y]![predicted]!++;
  }
  const scores = scoresFromConfusion(confusion);
  return {
    metrics: {
      [`${prefix}loss`]: lossSum / n,
      [`${prefix}accuracy`]: scores.accuracy,
      [`${prefix}precision`]: scores.precision,
      [`${prefix}recall`]: scores.recall,
      [`${prefix}f1`]: scores.f1,
    },
    confusion,
  };
}
