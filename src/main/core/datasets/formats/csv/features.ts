import type { ColumnInfo, ImportOptions } from '../../import/types';
import type { ColumnBuilder } from './column-builder';
import { csvError } from './csv-error';
import { compareLabels, forEachKept, type KeepMask } from './kept-rows';

/** Up to this many categories a column is one-hot encoded, beyond it ordinal (unless overridden). */
export const MAX_ONEHOT_CATEGORIES = 20;
const MAX_FEATURES = 100_000;
/** Largest Float32Array the feature matrix may need. */
const MAX_VALUES = 2 ** 31 - 1;

export interface EncodedFeatures {
  x: Float32Array;
  featureNames: string[];
  columns: ColumnInfo[];
}

interface ColumnPlan {
  column: ColumnBuilder;
  info: ColumnInfo;
  names: string[];
  /** Writes this column into x (row-major, `width` features per row) starting at feature `offset`. */
  write(x: Float32Array, width: number, offset: number): void;
}

/**
 * Encodes the feature columns into a row-major float32 matrix: numbers as they are, categories
 * one-hot (few) or ordinal (many, by sorted category), missing cells filled with the median/mode of
 * the kept rows when imputing (with 'drop' no kept row has any).
 */
export function encodeFeatures(file: string, features: ColumnBuilder[], keep: KeepMask, rows: number, opts: ImportOptions): EncodedFeatures {
  const plans = features.map((column) => (column.kind === 'numeric' ? planNumeric(file, column, keep, opts.missing !== 'drop') : planCategorical(column, keep, opts)));
  const featureNames = plans.flatMap((plan) => plan.names);
  const width = featureNames.length;
  if (width === 0) throw csvError(file, 'no feature columns besides the target');
  if (width > MAX_FEATURES) throw csvError(file, `${width} features after encoding (more than ${MAX_FEATURES}): use ordinal encoding for wide categorical columns`);
  if (rows * width > MAX_VALUES) throw csvError(file, `${rows} rows × ${width} features is too large to hold in memory`);
  const x = new Float32Array(rows * width);
  let offset = 0;
  for (const plan of plans) {
    plan.write(x, width, offset);
    offset += plan.names.length;
  }
  return { x, featureNames, columns: plans.map((plan) => plan.info) };
}

function planNumeric(file: string, column: ColumnBuilder, keep: KeepMask, imputing: boolean): ColumnPlan {
  const fill = imputing && column.missing > 0 ? median(column, keep) : NaN;
  if (column.missing === column.length) throw csvError(file, `column '${column.name}' has no values, only missing ones: remove it`);
  return {
    column,
    names: [column.name],
    info: { name: column.name, type: 'numeric', missing: column.missing, ...(Number.isNaN(fill) ? {} : { imputed: fill }) },
    write(x, width, offset) {
      forEachKept(column.numbers!, keep, (value, row) => (x[row * width + offset] = value !== value ? fill : value));
    },
  };
}

function planCategorical(column: ColumnBuilder, keep: KeepMask, opts: ImportOptions): ColumnPlan {
  const sorted = [...column.categories].sort(compareLabels);
  const rank = new Map(sorted.map((name, index) => [name, index]));
  const sortedIndexOfCode = Int32Array.from(column.categories, (name) => rank.get(name)!);
  const encoding = opts.encoding?.[column.name] ?? (sorted.length <= MAX_ONEHOT_CATEGORIES ? 'onehot' : 'ordinal');
  const modeCode = opts.missing !== 'drop' && column.missing > 0 ? mode(column, keep) : -1;
  const fillIndex = modeCode === -1 ? -1 : sortedIndexOfCode[modeCode]!;
  const info: ColumnInfo = {
    name: column.name,
    type: 'categorical',
    encoding,
    categories: sorted,
    missing: column.missing,
    ...(fillIndex !== -1 ? { imputed: sorted[fillIndex]! } : {}),
  };
  const indexOf = (code: number) => (code === -1 ? fillIndex : sortedIndexOfCode[code]!);
  if (encoding === 'ordinal') {
    return {
      column,
      info,
      names: [column.name],
      write(x, width, offset) {
        forEachKept(column.codes!, keep, (code, row) => (x[row * width + offset] = indexOf(code)));
      },
    };
  }
  return {
    column,
    info,
    names: sorted.map((category) => `${column.name}=${category}`),
    write(x, width, offset) {
      forEachKept(column.codes!, keep, (code, row) => {
        const index = indexOf(code);
        if (index !== -1) x[row * width + offset + index] = 1;
      });
    },
  };
}

function median(column: ColumnBuilder, keep: KeepMask): number {
  const present = new Float32Array(column.length - column.missing);
  let count = 0;
  forEachKept(column.numbers!, keep, (value) => {
    if (value === value) present[count++] = value;
  });
  if (count === 0) return NaN;
  const values = present.subarray(0, count).sort();
  const middle = count >>> 1;
  return count % 2 === 1 ? values[middle]! : (values[middle - 1]! + values[middle]!) / 2;
}

/** Most frequent category code among kept rows (ties: the one first in sorted order); -1 when none. */
function mode(column: ColumnBuilder, keep: KeepMask): number {
  const counts = new Float64Array(column.categories.length);
  forEachKept(column.codes!, keep, (code) => code !== -1 && (counts[code] = counts[code]! + 1));
  let best = -1;
  for (let code = 0; code < counts.length; code++) {
    if (counts[code]! === 0) continue;
    if (best === -1 || counts[code]! > counts[best]! || (counts[code] === counts[best] && compareLabels(column.categories[code]!, column.categories[best]!) < 0)) best = code;
  }
  return best;
}
