import type { DatasetMeta, Split } from '../../../shared/domain/dataset';
import type { Task } from '../../../shared/domain/hparams';
import { AppError } from '../../../shared/result';
import { DEFAULT_FRACTIONS, splitDataset, type SplitFractions } from './split';
import { describeImputation, imputeFromTrain } from './impute';
import type { FeatureArray, MissingFeature } from './import/types';
import { classCounts, groupStats, normalizationFrom, takeRows, takeValues } from './stats';

export interface DatasetArrays {
  /** Row-major, N × prod(inputShape): float32, or uint8 for 0..255 pixels (kept as uint8 in the cache). */
  x: FeatureArray;
  /** Class index (classification) or value (regression), N. */
  y: Float32Array;
  inputShape: number[];
}

export interface PrepareOptions {
  id: string;
  name: string;
  kind: 'tabular' | 'image';
  task: Task;
  featureNames: string[];
  classNames: string[];
  source: string;
  fractions?: SplitFractions;
  splitSeed?: number;
  /** A test split that came with the data: used as the test split; the rest is cut into train/val only. */
  shippedTest?: { x: FeatureArray; y: Float32Array };
  format?: string;
  columns?: DatasetMeta['columns'];
  importNotes?: string[];
  /** Feature columns whose missing cells are NaN in x: filled after the split from the training split. */
  missing?: MissingFeature[];
}

export type SplitArraysByName = Record<Split, { x: FeatureArray; y: Float32Array }>;

/**
 * Splits whole-dataset arrays and computes everything DatasetMeta carries: normalization and raw
 * stats from the training split only (statistics from val/test would leak into training), and class
 * counts per split. The result goes straight into writeDatasetCache.
 */
export function prepareDataset(data: DatasetArrays, opts: PrepareOptions): { meta: DatasetMeta; splits: SplitArraysByName } {
  const rowSize = data.inputShape.reduce((a, b) => a * b, 1);
  if (data.x.length !== data.y.length * rowSize) {
    throw new AppError('internal', `dataset ${opts.name}: ${data.x.length} feature values do not make ${data.y.length} rows of ${rowSize}`);
  }
  const fractions = opts.fractions ?? DEFAULT_FRACTIONS;
  const shipped = opts.shippedTest;
  if (shipped && shipped.x.constructor !== data.x.constructor) {
    throw new AppError('internal', `dataset ${opts.name}: the shipped test split is ${shipped.x.constructor.name}, the data ${data.x.constructor.name}`);
  }
  if (shipped && shipped.x.length !== shipped.y.length * rowSize) {
    throw new AppError('internal', `dataset ${opts.name}: shipped test split has ${shipped.x.length} values for ${shipped.y.length} rows of ${rowSize}`);
  }
  // With a shipped test split, train and val share what the fractions gave to all three.
  const trainVal = fractions[0] + fractions[1];
  const indices = splitDataset(data.y, opts.task, shipped ? [fractions[0] / trainVal, fractions[1] / trainVal, 0] : fractions, opts.splitSeed ?? 0);
  const splits = {} as SplitArraysByName;
  for (const split of ['train', 'val', 'test'] as const) {
    splits[split] = split === 'test' && shipped ? shipped : { x: takeRows(data.x, rowSize, indices[split]), y: takeValues(data.y, indices[split]) };
  }
  const { columns, importNotes } = imputeMissing(splits, rowSize, opts);
  const stats = groupStats(splits.train.x, data.inputShape);
  const isClassification = opts.task !== 'regression';
  const meta: DatasetMeta = {
    id: opts.id,
    name: opts.name,
    kind: opts.kind,
    task: opts.task,
    inputShape: data.inputShape,
    ...(data.x instanceof Uint8Array ? { xDtype: 'uint8' as const } : {}),
    featureNames: opts.featureNames,
    classNames: isClassification ? opts.classNames : [],
    splits: { train: indices.train.length, val: indices.val.length, test: splits.test.y.length },
    normalization: normalizationFrom(stats),
    stats,
    ...(isClassification
      ? { classCounts: Object.fromEntries((['train', 'val', 'test'] as const).map((s) => [s, classCounts(splits[s].y, opts.classNames.length)])) }
      : {}),
    source: opts.source,
    createdAt: new Date().toISOString(),
    ...(opts.format ? { format: opts.format } : {}),
    ...(columns ? { columns } : {}),
    ...(importNotes ? { importNotes } : {}),
    ...(shipped ? { shippedTest: true } : {}),
  };
  return { meta, splits };
}

/** Imputes before any statistic is taken, and reports the values used in the column infos and notes. */
function imputeMissing(splits: SplitArraysByName, rowSize: number, opts: PrepareOptions): Pick<PrepareOptions, 'columns' | 'importNotes'> {
  const missing = opts.missing ?? [];
  if (missing.length === 0) return { columns: opts.columns, importNotes: opts.importNotes };
  const imputed = imputeFromTrain(splits.train, [splits.val, splits.test], rowSize, missing);
  const byColumn = new Map(imputed.map((column) => [column.column, column]));
  const columns = opts.columns?.map((info) => (byColumn.has(info.name) ? { ...info, imputed: byColumn.get(info.name)!.value } : info));
  // A date's parts are imputed one by one; their gaps are the date column's.
  const missingCount = (name: string) => opts.columns?.find((info) => info.name === name || info.derived?.includes(name))?.missing ?? 0;
  const importNotes = [...(opts.importNotes ?? []), ...imputed.map((column) => describeImputation(column, missingCount(column.column)))];
  return { columns, importNotes };
}
