import nodePath from 'node:path';
import type { BaseModelDto, EnsembleDto } from '../../../../shared/contract-analysis';
import { AppError } from '../../../../shared/result';
import { createEnsemble, evaluateEnsemble, requireEnsemble } from '../../actions/ensembles';
import { defaultExportDir, withDownload } from '../../actions/runs';
import { requireStudy } from '../../actions/studies';
import { studyFits, studyGroups, studyTestLooks } from '../../actions/study-analysis';
import { exportEnsemble } from '../../export/export-ensemble';
import type { BaseModelRow } from '../../store/base-models';
import type { EnsembleRow } from '../../store/ensembles';
import { importBaseModel, importRunAsBaseModel } from '../../transfer/base-models';
import { isModelSource } from '../../transfer/read-model-folder';
import type { ApiContext } from '../context';
import { allowedPath, withoutUploadFolder } from '../file-access';
import type { HandlersOf } from '../handlers';

/** Who looked at the test split, when the caller did not say: the app (a local window or browser) or a remote browser. */
export const lookerOf = (by: string | undefined, ctx: ApiContext): string => by ?? (ctx.access === 'confined' ? 'a browser over the network' : 'the app');

const ensembleDto = (e: EnsembleRow): EnsembleDto => ({
  ...e,
  members: e.members.map((m) => ({ runId: m.runId, trialNumber: m.trialNumber, weight: m.weight, valMetrics: m.valMetrics })),
});

const baseModelDto = (b: BaseModelRow): BaseModelDto => ({
  id: b.id,
  name: b.name,
  source: b.source,
  inputShape: b.ref.inputShape,
  hasNormalization: b.ref.normalization !== null,
  layers: b.ref.layers,
  createdAt: b.createdAt,
});

export const studyAnalysisHandlers: Pick<HandlersOf<'studies'>, 'studies.groups' | 'studies.fits' | 'studies.testLooks'> = {
  'studies.groups': ({ id }, { services }) => studyGroups(services, id),
  'studies.fits': ({ id }, { services }) => studyFits(services, id),
  'studies.testLooks': ({ id }, { services }) => studyTestLooks(services, id),
};

export const ensembleHandlers: HandlersOf<'ensembles'> = {
  'ensembles.create': async (input, { services }) => ensembleDto(await createEnsemble(services, input)),
  'ensembles.list': ({ studyId }, { services }) => services.store.ensembles.list(requireStudy(services, studyId, 'studyId').id).map(ensembleDto),
  'ensembles.get': ({ ensembleId }, { services }) => ensembleDto(requireEnsemble(services, ensembleId)),
  'ensembles.evaluate': ({ ensembleId, force, by, backend }, ctx) => evaluateEnsemble(ctx.services, ensembleId, { force, backend, requestedBy: lookerOf(by, ctx) }),
  'ensembles.export': ({ ensembleId, dir }, ctx) => {
    if (dir !== undefined && ctx.access === 'confined') {
      throw new AppError('unauthorized', 'dir: this server is open to the network (serve --allow-remote), so it writes exports only into its data folder; leave dir out and download the bundle as a zip');
    }
    const { services } = ctx;
    const ensemble = requireEnsemble(services, ensembleId);
    const study = requireStudy(services, ensemble.studyId);
    return withDownload(services, exportEnsemble(services.store, ensembleId, dir ?? defaultExportDir(services, study, `ensemble-${ensembleId}`)));
  },
};

export const baseModelHandlers: HandlersOf<'baseModels'> = {
  'baseModels.list': (_input, { services }) => services.store.baseModels.list().map(baseModelDto),
  'baseModels.probe': ({ path }, ctx) => ({ model: isModelSource(allowedPath(ctx, path, 'path')) }),
  'baseModels.import': ({ path, runId, name }, ctx) => {
    const { services } = ctx;
    if (runId !== undefined) return baseModelDto(importRunAsBaseModel(services.store, services.paths.dataDir, runId, name));
    const source = allowedPath(ctx, path!, 'path');
    // An uploaded model (a drop in serve mode) is kept while it is copied, then goes, as a dataset's would.
    const upload = ctx.uploads.folderOf(source);
    const release = upload ? ctx.uploads.hold(upload) : undefined;
    try {
      const model = importBaseModel(services.store, services.paths.dataDir, source, { name, ...(upload ? { sourceLabel: `upload ${nodePath.basename(source)}` } : {}) });
      release?.('imported');
      return baseModelDto(model);
    } catch (err) {
      release?.('failed');
      throw upload ? withoutUploadFolder(err, upload) : err;
    }
  },
};
