import type { Task } from '../../../../shared/domain/hparams';
import type { FeatureArray } from '../../../../formats/dataset-cache';

/**
 * Contract between a format reader (CSV, IDX, image folder, NumPy) and the import pipeline
 * (import-dataset.ts), which splits, computes statistics on the training split, writes the cache
 * atomically and registers the dataset. Readers only turn bytes into arrays and say what they found.
 */
export type DatasetFormat = 'csv' | 'idx' | 'image-folder' | 'image-zip' | 'npy' | 'npz';

export interface ImportOptions {
  /** Target column (CSV) or array name (npz); default: last column / `y`|`labels`. */
  target?: string;
  /** Override the inferred task. */
  task?: Task;
  /** CSV: per-column encoding override for categorical features. */
  encoding?: Record<string, 'onehot' | 'ordinal'>;
  /** CSV: what to do with missing values (default impute: training-split median for numbers, mode for categories). */
  missing?: 'impute' | 'drop';
  /** Images: resize every image to this [height, width] (default: the first image's size, capped at 64). */
  imageSize?: [number, number];
  /** Images: grayscale (1 channel) or rgb (3 channels); default: rgb unless every image is gray. */
  color?: 'grayscale' | 'rgb';
  /** CSV delimiter; default: detected. */
  delimiter?: string;
  /** CSV: the first row (after skipRows) names the columns (true) or is data (false); default: detected. */
  header?: boolean;
  /** CSV: lines to skip before the table (titles, comments); default: a metadata line is detected and skipped. */
  skipRows?: number;
  /** CSV: columns to keep as they are although they look like an ID, free text or dates. */
  keepColumns?: string[];
  /** CSV: date/time columns are expanded into year, month, day of week, day of year (+ hour), or dropped. */
  dates?: 'expand' | 'drop';
}

export interface ImportProgress {
  phase: 'reading' | 'encoding' | 'writing';
  done: number;
  total: number;
  unit: 'bytes' | 'rows' | 'files';
}

/** Column report for previews: inferred type and what was done with it. */
export interface ColumnInfo {
  name: string;
  /** date: expanded into the `derived` features; dropped: not a feature (see `note`). */
  type: 'numeric' | 'categorical' | 'target' | 'date' | 'dropped';
  encoding?: 'onehot' | 'ordinal';
  categories?: string[];
  missing: number;
  /** Value the missing cells were filled with (impute; taken from the training split) — reported, never silent. */
  imputed?: number | string;
  /** Feature names made from this column (a date's year, month, …). */
  derived?: string[];
  /** Why the column was dropped or transformed, in words (also in the import notes). */
  note?: string;
}

/**
 * Feature values as a reader produces them: float32, or uint8 when every value is a whole number in
 * 0..255 (IDX, image folders, NumPy uint8): a quarter of the memory and cache size, kept so end to
 * end; the trainer gets float32 back from readSplit.
 */
export type { FeatureArray } from '../../../../formats/dataset-cache';

/**
 * Feature columns whose missing cells a reader left to impute. The reader writes NaN into every x slot
 * of a missing cell (NaN is never data: readers reject it), and the import pipeline fills them after
 * the split with the median/mode of the training rows, so val/test never shape the value used.
 */
export interface MissingFeature {
  /** ColumnInfo name whose `imputed` reports the value used. */
  column: string;
  /** First feature index of the column in a row of x. */
  offset: number;
  /** numeric: one feature, median; ordinal: one feature holding a category index, mode; onehot: `categories.length` features, mode. */
  encoding: 'numeric' | 'ordinal' | 'onehot';
  /** Category names by index (ordinal value / one-hot position), for categorical columns. */
  categories?: string[];
}

export interface RawDataset {
  format: DatasetFormat;
  /** Row-major features, N × prod(inputShape). */
  x: FeatureArray;
  /** Class index (classification) or value (regression) per row. */
  y: Float32Array;
  inputShape: number[];
  featureNames: string[];
  /** Empty for regression. Index i is the class whose label is i in `y`. */
  classNames: string[];
  task: Task;
  /** A test split shipped with the data (IDX t10k files, a `test/` folder): used as-is as the test split. */
  shippedTest?: { x: FeatureArray; y: Float32Array };
  columns?: ColumnInfo[];
  /** Feature columns with missing cells (NaN in x) to impute from the training split; absent when none. */
  missing?: MissingFeature[];
  /** Rows dropped (missing values with missing: 'drop'), reported in the preview. */
  droppedRows?: number;
  /** Human-readable notes on what the reader decided (delimiter, header, encodings). */
  notes: string[];
}

export type ProgressCallback = (p: ImportProgress) => void;

/** A format reader. `source` is a file or directory path; errors are AppErrors naming the file/line/entry. */
export type FormatReader = (source: string, opts: ImportOptions, onProgress: ProgressCallback) => Promise<RawDataset>;
