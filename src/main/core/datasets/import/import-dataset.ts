import fs from 'node:fs';
import path from 'node:path';
import type { DatasetRef } from '../../../../shared/domain/dataset';
import { AppError } from '../../../../shared/result';
import { writeFailure } from '../../fs/fs-errors';
import type { Store } from '../../store/store';
import { writeDatasetCache } from '../cache-writer';
import { prepareDataset } from '../prepare';
import { DEFAULT_FRACTIONS, type SplitFractions } from '../split';
import { detectFormat } from './detect-format';
import { hashSource } from './hash-source';
import { readerFor } from './readers';
import type { ImportOptions, ProgressCallback } from './types';

export interface ImportRequest extends ImportOptions {
  /** File or directory to import. */
  source: string;
  /** Dataset name (default: the file or folder name without extension). */
  name?: string;
  /** train/val/test fractions (default 0.7/0.15/0.15); with a shipped test split, train/val share the whole. */
  split?: [number, number, number];
  seed?: number;
  /**
   * What the dataset's `source` records and messages show instead of the path: serve mode passes the
   * uploaded file's own name, so no internal upload folder ever reaches a user.
   */
  sourceLabel?: string;
}

export interface ImportResult {
  dataset: DatasetRef;
  /** false when the same content with the same options was already imported: nothing was written. */
  created: boolean;
  notes: string[];
}

const defaultName = (source: string) => path.basename(source).replace(/\.(gz|zip|npz|npy|csv|tsv|txt)$/i, '').replace(/\.(csv|tsv)$/i, '') || 'dataset';

/**
 * Imports a file or folder as a dataset: detect the format from content, hash it (the same data twice
 * is one dataset), read it, split it (seeded, stratified), compute normalization on the training split,
 * write the binary cache atomically and register it in the store. On any error nothing is left behind:
 * the cache is written to a temp dir and renamed, and removed again if registration fails.
 */
export async function importDataset(store: Store, datasetsDir: string, req: ImportRequest, onProgress: ProgressCallback = () => {}): Promise<ImportResult> {
  const source = path.resolve(req.source);
  const format = detectFormat(source);
  const fractions: SplitFractions = req.split ?? DEFAULT_FRACTIONS;
  const seed = req.seed ?? 0;
  const { source: _s, name: _n, sourceLabel: _l, ...readOptions } = req;
  const id = await hashSource(source, { format, fractions, seed, ...readOptions }, (done, total) => onProgress({ phase: 'reading', done: done / 2, total, unit: 'bytes' }));

  const existing = store.getDataset(id);
  if (existing && fs.existsSync(path.join(existing.cacheDir, 'meta.json'))) {
    return { dataset: existing, created: false, notes: [`already imported as '${existing.meta.name}' (same content and options)`] };
  }
  const name = req.name ?? defaultName(source);
  const clash = store.getDataset(name);
  if (clash && clash.meta.id !== id && clash.meta.name === name) {
    throw new AppError('conflict', `name '${name}' is taken by another dataset (${clash.meta.id.slice(0, 12)}); choose another with --name`);
  }

  const raw = await readerFor(format)(source, readOptions, (p) =>
    onProgress(p.unit === 'bytes' ? { ...p, done: p.total / 2 + p.done / 2 } : p),
  );
  if (raw.y.length === 0) throw new AppError('invalid_input', `${source}: no rows/images to import`);
  if (raw.task !== 'regression' && raw.classNames.length < 2) {
    throw new AppError('invalid_input', `${source}: the target has a single class (${raw.classNames[0] ?? 'none'}); classification needs at least two`);
  }
  onProgress({ phase: 'encoding', done: 0, total: 1, unit: 'rows' });
  const { meta, splits } = prepareDataset(
    { x: raw.x, y: raw.y, inputShape: raw.inputShape },
    {
      id,
      name,
      kind: raw.inputShape.length === 3 ? 'image' : 'tabular',
      task: raw.task,
      featureNames: raw.featureNames,
      classNames: raw.classNames,
      source: req.sourceLabel ?? source,
      fractions,
      splitSeed: seed,
      shippedTest: raw.shippedTest,
      format: raw.format,
      columns: raw.columns,
      missing: raw.missing,
      importNotes: [...raw.notes, ...(raw.droppedRows ? [`${raw.droppedRows} rows with missing values dropped`] : [])],
    },
  );
  if (meta.splits.train === 0 || meta.splits.val === 0) {
    throw new AppError('invalid_input', `${source}: too few rows (${raw.y.length}) for a train and a validation split at ${fractions.join('/')}`);
  }
  onProgress({ phase: 'writing', done: 0, total: 1, unit: 'rows' });
  const cacheDir = path.join(datasetsDir, id);
  try {
    fs.mkdirSync(datasetsDir, { recursive: true }); // inside the data folder, which was checked at start
  } catch (err) {
    throw writeFailure(err, datasetsDir, 'the datasets folder');
  }
  writeDatasetCache(cacheDir, meta, splits);
  try {
    store.upsertDataset(meta, cacheDir);
  } catch (err) {
    fs.rmSync(cacheDir, { recursive: true, force: true });
    throw err;
  }
  onProgress({ phase: 'writing', done: 1, total: 1, unit: 'rows' });
  const dataset = store.getDataset(id);
  if (!dataset) throw new AppError('internal', `dataset ${id} was written but is not in the store`);
  return { dataset, created: true, notes: meta.importNotes ?? [] };
}
