import type { FeatureArray } from './import/types';

/**
 * Statistics over feature rows (float32, or uint8 pixels). Grouping: per feature for tabular data (inputShape [f]),
 * per channel for images (inputShape [h, w, c]: element j belongs to channel j % c).
 */
export interface GroupStats {
  mean: number[];
  std: number[];
  min: number[];
  max: number[];
}

/** Rows `indices` of `x`, in that order, in an array of the same type (uint8 stays uint8). */
export function takeRows<T extends FeatureArray>(x: T, rowSize: number, indices: readonly number[]): T {
  const out = (x instanceof Uint8Array ? new Uint8Array(indices.length * rowSize) : new Float32Array(indices.length * rowSize)) as T;
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i]!;
    out.set(x.subarray(row * rowSize, (row + 1) * rowSize), i * rowSize);
  }
  return out;
}

export function takeValues(y: Float32Array, indices: readonly number[]): Float32Array {
  return Float32Array.from(indices, (i) => y[i]!);
}

export const groupCount = (inputShape: readonly number[]): number => (inputShape.length === 1 ? inputShape[0]! : inputShape[inputShape.length - 1]!);

/**
 * Population mean/std/min/max per group in one pass, in float64. Sums are taken around each group's
 * first value (the shifted-data algorithm), so the variance keeps its precision even when a feature's
 * mean is large against its spread. Rows of `groups` values are walked with nested loops instead of
 * `j % groups` per value: on a 60,000-image set that is ~100 ms instead of ~350 ms of an import.
 */
export function groupStats(x: FeatureArray, inputShape: readonly number[]): GroupStats {
  if (x instanceof Uint8Array) return uint8GroupStats(x, inputShape);
  const groups = groupCount(inputShape);
  const rows = Math.floor(x.length / groups);
  const shift = Float64Array.from({ length: groups }, (_, g) => (rows > 0 ? x[g]! : 0));
  const sum = new Float64Array(groups);
  const sumSq = new Float64Array(groups);
  const min = new Float64Array(groups).fill(Infinity);
  const max = new Float64Array(groups).fill(-Infinity);
  for (let r = 0, j = 0; r < rows; r++) {
    for (let g = 0; g < groups; g++, j++) {
      const v = x[j]!;
      const d = v - shift[g]!;
      sum[g]! += d;
      sumSq[g]! += d * d;
      if (v < min[g]!) min[g] = v;
      if (v > max[g]!) max[g] = v;
    }
  }
  const mean: number[] = [];
  const std: number[] = [];
  for (let g = 0; g < groups; g++) {
    const m = rows > 0 ? sum[g]! / rows : 0;
    mean.push(shift[g]! + m);
    std.push(rows > 0 ? Math.sqrt(Math.max(0, sumSq[g]! / rows - m * m)) : 0);
  }
  const finite = (a: Float64Array) => Array.from(a, (v) => (Number.isFinite(v) ? v : 0));
  return { mean, std, min: finite(min), max: finite(max) };
}

/**
 * The same statistics for uint8 values from one 256-bin histogram per group: counting is one cheap
 * pass, and mean/std/min/max from the histogram are exact (every value is one of 256).
 */
function uint8GroupStats(x: Uint8Array, inputShape: readonly number[]): GroupStats {
  const groups = groupCount(inputShape);
  const rows = Math.floor(x.length / groups);
  const hist = new Float64Array(groups * 256);
  if (groups === 1) {
    // Four interleaved uint32 tables: mostly-black images hit one bin back to back, and a single table
    // would wait on its own previous increment every time (2.5× slower). A Uint8Array (< 2^32 values)
    // cannot overflow a table that sees a quarter of them.
    const [c0, c1, c2, c3] = [new Uint32Array(256), new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)];
    const end4 = x.length - (x.length % 4);
    let j = 0;
    for (; j < end4; j += 4) {
      c0[x[j]!]!++;
      c1[x[j + 1]!]!++;
      c2[x[j + 2]!]!++;
      c3[x[j + 3]!]!++;
    }
    for (; j < x.length; j++) c0[x[j]!]!++;
    for (let v = 0; v < 256; v++) hist[v] = c0[v]! + c1[v]! + c2[v]! + c3[v]!;
  } else {
    for (let r = 0, j = 0; r < rows; r++) for (let g = 0; g < groups; g++, j++) hist[g * 256 + x[j]!]!++;
  }
  const out: GroupStats = { mean: [], std: [], min: [], max: [] };
  for (let g = 0; g < groups; g++) {
    let sum = 0;
    let min = -1;
    let max = -1;
    for (let v = 0; v < 256; v++) {
      const n = hist[g * 256 + v]!;
      if (n === 0) continue;
      sum += n * v;
      if (min < 0) min = v;
      max = v;
    }
    const mean = rows > 0 ? sum / rows : 0;
    let sq = 0;
    for (let v = min; v <= max && v >= 0; v++) sq += hist[g * 256 + v]! * (v - mean) ** 2;
    out.mean.push(mean);
    out.std.push(rows > 0 ? Math.sqrt(sq / rows) : 0);
    out.min.push(Math.max(0, min));
    out.max.push(Math.max(0, max));
  }
  return out;
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
