import { AppError } from '../../../shared/result';
import type { FeatureArray, MissingFeature } from './import/types';

export interface ImputedColumn {
  column: string;
  /** The value written into every missing cell: a number (median) or a category name (mode). */
  value: number | string;
  statistic: 'median' | 'most frequent value';
  /** false when the training split holds no value of the column: the fallback (0 / first category) was used. */
  fromTrain: boolean;
}

interface SplitX {
  x: FeatureArray;
}

/**
 * Fills the missing cells (NaN) a reader left in `missing` columns, in every split, with the median
 * (numbers) or the most frequent category (ties: the first in sorted order) of the TRAINING split:
 * like normalization, a statistic taken over val/test rows would leak them into training.
 * Works in place on the split arrays, one column at a time, with no per-row objects.
 */
export function imputeFromTrain(train: SplitX, others: SplitX[], rowSize: number, missing: readonly MissingFeature[]): ImputedColumn[] {
  const all = [train, ...others];
  if (missing.length > 0 && all.some((s) => !(s.x instanceof Float32Array))) {
    throw new AppError('internal', 'missing values to impute in a uint8 feature array (only float32 features can hold NaN)');
  }
  return missing.map((feature) => {
    const xs = all.map((s) => s.x as Float32Array);
    if (feature.encoding === 'numeric') {
      const median = trainMedian(xs[0]!, rowSize, feature.offset);
      const value = Number.isNaN(median) ? 0 : median;
      for (const x of xs) fillNumber(x, rowSize, feature.offset, value);
      return { column: feature.column, value, statistic: 'median' as const, fromTrain: !Number.isNaN(median) };
    }
    const categories = feature.categories ?? [];
    if (categories.length === 0) throw new AppError('internal', `column '${feature.column}': a categorical column to impute needs its categories`);
    const width = feature.encoding === 'onehot' ? categories.length : 1;
    const counts = trainCategoryCounts(xs[0]!, rowSize, feature.offset, feature.encoding, categories.length);
    const mode = argmaxFirst(counts);
    const index = mode === -1 ? 0 : mode;
    for (const x of xs) {
      if (feature.encoding === 'ordinal') fillNumber(x, rowSize, feature.offset, index);
      else fillOneHot(x, rowSize, feature.offset, width, index);
    }
    return { column: feature.column, value: categories[index]!, statistic: 'most frequent value' as const, fromTrain: mode !== -1 };
  });
}

/** Import note for one imputed column (`missing`: its count of missing cells over all rows). */
export function describeImputation(imputed: ImputedColumn, missing: number): string {
  const how = imputed.fromTrain ? `the training split's ${imputed.statistic}` : `${JSON.stringify(imputed.value)} (the training split has no value of it)`;
  return `column '${imputed.column}': ${missing} missing, filled with ${how}${imputed.fromTrain ? ` ${JSON.stringify(imputed.value)}` : ''}`;
}

function trainMedian(x: Float32Array, rowSize: number, offset: number): number {
  const rows = Math.floor(x.length / rowSize);
  const present = new Float32Array(rows);
  let count = 0;
  for (let j = offset; j < x.length; j += rowSize) {
    const v = x[j]!;
    if (v === v) present[count++] = v;
  }
  if (count === 0) return NaN;
  const values = present.subarray(0, count).sort();
  const middle = count >>> 1;
  return count % 2 === 1 ? values[middle]! : (values[middle - 1]! + values[middle]!) / 2;
}

function trainCategoryCounts(x: Float32Array, rowSize: number, offset: number, encoding: 'ordinal' | 'onehot', nCategories: number): Float64Array {
  const counts = new Float64Array(nCategories);
  for (let start = offset; start < x.length; start += rowSize) {
    if (encoding === 'ordinal') {
      const v = x[start]!;
      if (v === v && v >= 0 && v < nCategories) counts[v]!++;
      continue;
    }
    for (let k = 0; k < nCategories; k++) {
      if (x[start + k] === 1) {
        counts[k]!++;
        break;
      }
    }
  }
  return counts;
}

/** Index of the largest positive count, the first on ties (categories are in sorted order); -1 when all are 0. */
function argmaxFirst(counts: Float64Array): number {
  let best = -1;
  for (let k = 0; k < counts.length; k++) if (counts[k]! > 0 && (best === -1 || counts[k]! > counts[best]!)) best = k;
  return best;
}

function fillNumber(x: Float32Array, rowSize: number, offset: number, value: number): void {
  for (let j = offset; j < x.length; j += rowSize) if (x[j] !== x[j]) x[j] = value;
}

function fillOneHot(x: Float32Array, rowSize: number, offset: number, width: number, index: number): void {
  for (let start = offset; start < x.length; start += rowSize) {
    if (x[start] !== x[start]) {
      x.fill(0, start, start + width);
      x[start + index] = 1;
    }
  }
}
