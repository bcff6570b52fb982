import path from 'node:path';
import { AppError } from '../../../../shared/result';
import { datasetPreview } from '../../datasets/preview';
import { resolveStudyDataset } from '../../datasets/resolve-dataset';
import { SAMPLE_INFO, SAMPLE_NAMES, SAMPLE_PREFIX } from '../../datasets/samples/catalog';
import { allowedPath, withoutUploadFolder } from '../file-access';
import type { HandlersOf } from '../handlers';
import { datasetEditHandlers } from './dataset-edits';

export const datasetHandlers: HandlersOf<'datasets'> = {
  'datasets.list': (_input, { services }) => services.store.listDatasets().map((d) => d.meta),

  'datasets.get': ({ id }, { services }) => {
    const found = services.store.getDataset(id);
    if (!found) throw new AppError('not_found', `id: no dataset named or hashed ${JSON.stringify(id)}`);
    return found.meta;
  },

  'datasets.import': async (input, ctx) => {
    const { services } = ctx;
    const source = allowedPath(ctx, input.path, 'path');
    const upload = ctx.uploads.folderOf(source);
    // The upload is kept while it is read; afterwards it goes (imported: at once; failed: after a grace
    // period, so an API client can retry with other options without sending it again).
    const release = upload ? ctx.uploads.hold(upload) : undefined;
    try {
      const result = await services.importDataset(
        {
          ...input.options,
          source,
          name: input.name,
          split: input.split,
          seed: input.seed,
          ...(upload ? { sourceLabel: path.relative(upload, source) || path.basename(source) } : {}),
        },
        input.importId ?? input.path,
      );
      release?.('imported');
      return { dataset: result.dataset.meta, created: result.created, notes: result.notes };
    } catch (err) {
      release?.('failed');
      throw upload ? withoutUploadFolder(err, upload) : err;
    }
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
