import type { ColumnInfo, ImportOptions, MissingFeature } from '../../import/types';
import type { ColumnBuilder } from './column-builder';
import type { ColumnRole } from './column-roles';
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
  /** Columns whose missing cells are NaN in x, for the import pipeline to impute from the training split. */
  missing: MissingFeature[];
}

/** A feature whose missing cells are left as NaN to impute; `at` is its index among the plan's names. */
type PlannedMissing = Omit<MissingFeature, 'offset'> & { at: number };

interface ColumnPlan {
  info: ColumnInfo;
  names: string[];
  /** Features whose missing cells are left as NaN to impute; offsets are filled in once the layout is known. */
  missing: PlannedMissing[];
  /** Writes this column into x (row-major, `width` features per row) starting at feature `offset`. */
  write(x: Float32Array, width: number, offset: number): void;
}

/**
 * Encodes the feature columns into a row-major float32 matrix: numbers as they are, categories
 * one-hot (few) or ordinal (many, by sorted category). Missing cells of kept rows (impute; with
 * 'drop' no kept row has any) become NaN — every slot of a one-hot group — and are listed in
 * `missing`: their fill value must come from the training split, which does not exist yet here.
 */
export function encodeFeatures(file: string, features: ColumnBuilder[], roles: ColumnRole[], keep: KeepMask, rows: number, opts: ImportOptions): EncodedFeatures {
  const imputing = opts.missing !== 'drop';
  const plans = features.map((column, j) => {
    const role = roles[j]!;
    if (role.kind === 'drop') return planDropped(column, role.reason);
    if (role.kind === 'date') return planDate(column, role, keep, imputing);
    return column.kind === 'numeric' ? planNumeric(file, column, keep, imputing) : planCategorical(column, keep, opts, imputing);
  });
  const featureNames = plans.flatMap((plan) => plan.names);
  const width = featureNames.length;
  if (width === 0) {
    const dropped = plans.filter((plan) => plan.info.type === 'dropped').map((plan) => plan.info.name);
    throw csvError(file, `no feature columns besides the target${dropped.length ? ` (dropped: ${dropped.join(', ')}; keep them with the keepColumns option)` : ''}`);
  }
  if (width > MAX_FEATURES) throw csvError(file, `${width} features after encoding (more than ${MAX_FEATURES}): use ordinal encoding for wide categorical columns`);
  if (rows * width > MAX_VALUES) throw csvError(file, `${rows} rows × ${width} features is too large to hold in memory`);
  const x = new Float32Array(rows * width);
  const missing: MissingFeature[] = [];
  let offset = 0;
  for (const plan of plans) {
    plan.write(x, width, offset);
    for (const { at, ...feature } of plan.missing) missing.push({ ...feature, offset: offset + at });
    offset += plan.names.length;
  }
  return { x, featureNames, columns: plans.map((plan) => plan.info), missing };
}

function planNumeric(file: string, column: ColumnBuilder, keep: KeepMask, imputing: boolean): ColumnPlan {
  if (column.missing === column.length) throw csvError(file, `column '${column.name}' has no values, only missing ones: remove it`);
  return {
    names: [column.name],
    info: { name: column.name, type: 'numeric', missing: column.missing },
    missing: imputing && column.missing > 0 ? [{ column: column.name, encoding: 'numeric', at: 0 }] : [],
    write(x, width, offset) {
      // Missing cells are NaN in the column already, and stay NaN for the imputation after the split.
      forEachKept(column.numbers!, keep, (value, row) => (x[row * width + offset] = value));
    },
  };
}

function planCategorical(column: ColumnBuilder, keep: KeepMask, opts: ImportOptions, imputing: boolean): ColumnPlan {
  const sorted = [...column.categories].sort(compareLabels);
  const rank = new Map(sorted.map((name, index) => [name, index]));
  const sortedIndexOfCode = Int32Array.from(column.categories, (name) => rank.get(name)!);
  const encoding = opts.encoding?.[column.name] ?? (sorted.length <= MAX_ONEHOT_CATEGORIES ? 'onehot' : 'ordinal');
  const info: ColumnInfo = { name: column.name, type: 'categorical', encoding, categories: sorted, missing: column.missing };
  // A column of only missing cells has no category to impute: it stays all -1 (ordinal) / empty (one-hot).
  const missing = imputing && column.missing > 0 && sorted.length > 0 ? { column: column.name, encoding, categories: sorted, at: 0 } : undefined;
  const missingValue = missing ? NaN : -1;
  if (encoding === 'ordinal') {
    return {
      info,
      names: [column.name],
      missing: missing ? [missing] : [],
      write(x, width, offset) {
        forEachKept(column.codes!, keep, (code, row) => (x[row * width + offset] = code === -1 ? missingValue : sortedIndexOfCode[code]!));
      },
    };
  }
  return {
    info,
    names: sorted.map((category) => `${column.name}=${category}`),
    missing: missing ? [missing] : [],
    write(x, width, offset) {
      forEachKept(column.codes!, keep, (code, row) => {
        const start = row * width + offset;
        if (code !== -1) x[start + sortedIndexOfCode[code]!] = 1;
        else if (missing) x.fill(NaN, start, start + sorted.length);
      });
    },
  };
}

function planDropped(column: ColumnBuilder, reason: string): ColumnPlan {
  return { info: { name: column.name, type: 'dropped', missing: column.missing, note: `dropped: ${reason}` }, names: [], missing: [], write: () => {} };
}

/** A date column as numbers: one feature per part, missing dates NaN in every part (imputed per part). */
function planDate(column: ColumnBuilder, role: Extract<ColumnRole, { kind: 'date' }>, keep: KeepMask, imputing: boolean): ColumnPlan {
  const names = role.parts.map((part) => `${column.name}_${part}`);
  const partCount = names.length;
  return {
    info: { name: column.name, type: 'date', missing: column.missing, derived: names, note: role.note },
    names,
    missing: imputing && column.missing > 0 ? names.map((name, at) => ({ column: name, encoding: 'numeric' as const, at })) : [],
    write(x, width, offset) {
      forEachKept(column.codes!, keep, (code, row) => {
        const start = row * width + offset;
        if (code === -1) x.fill(NaN, start, start + partCount);
        else x.set(role.valuesByCode[code]!, start);
      });
    },
  };
}
