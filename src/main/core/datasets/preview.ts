import type { DatasetRef } from '../../../shared/domain/dataset';
import { featureSize, readSplitRaw } from '../../../formats/dataset-cache';

export interface DatasetPreview {
  id: string;
  name: string;
  kind: 'tabular' | 'image';
  task: string;
  inputShape: number[];
  splits: { train: number; val: number; test: number };
  /** First rows of the training split as stored (after encoding, before normalization), tabular only. */
  rows: { features: number[]; target: string | number }[];
  featureNames: string[];
  columns: NonNullable<DatasetRef['meta']['columns']>;
  /** Per class: count in each split. */
  classBalance: { name: string; train: number; val: number; test: number }[];
  featureStats: { name: string; mean: number; std: number; min: number; max: number }[];
  /** Images only: up to `perClass` training images per class, pixel values as stored (0–255 for image imports). */
  imageGrid: { className: string; images: number[][] }[];
  notes: string[];
}

/**
 * What the Datasets screen and `hparam-studio datasets show` display: data, not pictures — the UI
 * draws image grids and charts itself.
 */
export function datasetPreview(ds: DatasetRef, opts: { rows?: number; perClass?: number } = {}): DatasetPreview {
  const { meta } = ds;
  const train = readSplitRaw(ds.cacheDir, meta, 'train');
  const size = featureSize(meta);
  const label = (v: number) => (meta.task === 'regression' ? v : (meta.classNames[v] ?? String(v)));
  const isImage = meta.inputShape.length === 3;
  const rows = isImage
    ? []
    : Array.from({ length: Math.min(opts.rows ?? 20, train.count) }, (_, i) => ({
        features: Array.from(train.x.subarray(i * size, (i + 1) * size)),
        target: label(train.y[i]!),
      }));
  const counts = meta.classCounts ?? {};
  const classBalance = meta.classNames.map((name, c) => ({ name, train: counts.train?.[c] ?? 0, val: counts.val?.[c] ?? 0, test: counts.test?.[c] ?? 0 }));
  const stats = meta.stats;
  const statNames = isImage ? (meta.inputShape[2] === 1 ? ['gray'] : ['red', 'green', 'blue']) : meta.featureNames;
  const featureStats = stats
    ? statNames.map((name, i) => ({ name, mean: stats.mean[i] ?? NaN, std: stats.std[i] ?? NaN, min: stats.min[i] ?? NaN, max: stats.max[i] ?? NaN }))
    : [];
  const imageGrid: DatasetPreview['imageGrid'] = [];
  if (isImage) {
    const perClass = opts.perClass ?? 8;
    const byClass = meta.classNames.map((className) => ({ className, images: [] as number[][] }));
    for (let i = 0; i < train.count; i++) {
      const group = byClass[train.y[i]!];
      if (group && group.images.length < perClass) group.images.push(Array.from(train.x.subarray(i * size, (i + 1) * size)));
      if (byClass.every((g) => g.images.length >= perClass)) break;
    }
    imageGrid.push(...byClass);
  }
  return {
    id: meta.id,
    name: meta.name,
    kind: meta.kind,
    task: meta.task,
    inputShape: meta.inputShape,
    splits: meta.splits,
    rows,
    featureNames: meta.featureNames,
    columns: meta.columns ?? [],
    classBalance,
    featureStats,
    imageGrid,
    notes: meta.importNotes ?? [],
  };
}
