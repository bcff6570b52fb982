/**
 * Statistics over float32 feature rows. Grouping: per feature for tabular data (inputShape [f]),
 * per channel for images (inputShape [h, w, c]: element j belongs to channel j % c).
 */
export interface GroupStats {
  mean: number[];
  std: number[];
  min: number[];
  max: number[];
}

export function takeRows(x: Float32Array, rowSize: number, indices: readonly number[]): Float32Array {
  const out = new Float32Array(indices.length * rowSize);
  indices.forEach((row, i) => out.set(x.subarray(row * rowSize, (row + 1) * rowSize), i * rowSize));
  return out;
}

export function takeValues(y: Float32Array, indices: readonly number[]): Float32Array {
  return Float32Array.from(indices, (i) => y[i]!);
}

export const groupCount = (inputShape: readonly number[]): number => (inputShape.length === 1 ? inputShape[0]! : inputShape[inputShape.length - 1]!);

/** Population mean/std/min/max per group, in float64 (two passes: float32 sums drift on large sets). */
export function groupStats(x: Float32Array, inputShape: readonly number[]): GroupStats {
  const groups = groupCount(inputShape);
  const sum = new Float64Array(groups);
  const count = new Float64Array(groups);
  const min = new Array<number>(groups).fill(Infinity);
  const max = new Array<number>(groups).fill(-Infinity);
  for (let j = 0; j < x.length; j++) {
    const g = j % groups;
    const v = x[j]!;
    sum[g]! += v;
    count[g]! += 1;
    if (v < min[g]!) min[g] = v;
    if (v > max[g]!) max[g] = v;
  }
  const mean = Array.from(sum, (s, g) => (count[g]! > 0 ? s / count[g]! : 0));
  const sq = new Float64Array(groups);
  for (let j = 0; j < x.length; j++) {
    const g = j % groups;
    const d = x[j]! - mean[g]!;
    sq[g]! += d * d;
  }
  const std = Array.from(sq, (s, g) => (count[g]! > 0 ? Math.sqrt(s / count[g]!) : 0));
  return { mean, std, min: min.map((v) => (Number.isFinite(v) ? v : 0)), max: max.map((v) => (Number.isFinite(v) ? v : 0)) };
}

/** (x - mean) / std with a constant feature's std replaced by 1, so it normalizes to 0 instead of NaN. */
export function normalizationFrom(stats: GroupStats): { mean: number[]; std: number[] } {
  return { mean: [...stats.mean], std: stats.std.map((s) => (s > 1e-12 ? s : 1)) };
}

export function classCounts(y: Float32Array, nClasses: number): number[] {
  const counts = new Array<number>(nClasses).fill(0);
  for (const label of y) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}
