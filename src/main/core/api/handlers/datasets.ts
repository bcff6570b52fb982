import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../shared/result';
import { importDataset } from '../../datasets/import/import-dataset';
import type { ImportProgress } from '../../datasets/import/types';
import { datasetPreview } from '../../datasets/preview';
import { resolveStudyDataset } from '../../datasets/resolve-dataset';
import { SAMPLE_INFO, SAMPLE_NAMES, SAMPLE_PREFIX } from '../../datasets/samples/catalog';
import type { ApiContext } from '../context';
import type { HandlersOf } from '../handlers';
import { datasetEditHandlers } from './dataset-edits';

/** Progress events at most this often per import (a CSV reader reports per chunk), the last one always. */
const PROGRESS_EVERY_MS = 100;

function progressForwarder(ctx: ApiContext, importId: string): (p: ImportProgress) => void {
  let lastAt = 0;
  return (p) => {
    const now = Date.now();
    if (now - lastAt < PROGRESS_EVERY_MS && p.done < p.total) return;
    lastAt = now;
    ctx.events.emit('import-progress', { importId, ...p });
  };
}

/** `<uploads>/<uploadId>` when `source` lies in an upload (serve mode), else null. */
function uploadFolderOf(ctx: ApiContext, source: string): string | null {
  const rel = path.relative(ctx.uploadsDir, path.resolve(source));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return path.join(ctx.uploadsDir, rel.split(path.sep)[0]!);
}

export const datasetHandlers: HandlersOf<'datasets'> = {
  'datasets.list': (_input, { services }) => services.store.listDatasets().map((d) => d.meta),

  'datasets.get': ({ id }, { services }) => {
    const found = services.store.getDataset(id);
    if (!found) throw new AppError('not_found', `id: no dataset named or hashed ${JSON.stringify(id)}`);
    return found.meta;
  },

  'datasets.import': async (input, ctx) => {
    const { services } = ctx;
    const result = await importDataset(
      services.store,
      services.paths.datasetsDir,
      { ...input.options, source: input.path, name: input.name, split: input.split, seed: input.seed },
      progressForwarder(ctx, input.importId ?? input.path),
    );
    // The import made its own cache; the uploaded copy has done its job. On failure it stays, so the
    // user can retry with other options without uploading again.
    const upload = uploadFolderOf(ctx, input.path);
    if (upload) fs.rmSync(upload, { recursive: true, force: true });
    return { dataset: result.dataset.meta, created: result.created, notes: result.notes };
  },

  'datasets.preview': ({ id, rows, perClass }, { services }) => {
    // Same lookup as a study's `dataset` field, so previewing a built-in sample generates it first.
    const ds = resolveStudyDataset(services.store, services.paths.datasetsDir, id);
    const preview = datasetPreview(ds, { rows, perClass });
    const finite = (v: number) => (Number.isFinite(v) ? v : null);
    return {
      ...preview,
      task: ds.meta.task,
      featureStats: preview.featureStats.map((f) => ({ name: f.name, mean: finite(f.mean), std: finite(f.std), min: finite(f.min), max: finite(f.max) })),
    };
  },

  'datasets.samples': () => SAMPLE_NAMES.map((name) => ({ name: SAMPLE_PREFIX + name, ...SAMPLE_INFO[name] })),

  ...datasetEditHandlers,
};
