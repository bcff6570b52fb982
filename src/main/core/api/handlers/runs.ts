import { AppError } from '../../../../shared/result';
import { bestRun, cloneRun, exportRun, listRuns, requireRun, runConfusion } from '../../actions/runs';
import { requireStudy } from '../../actions/studies';
import type { HandlersOf } from '../handlers';
import { lookerOf } from './analysis';
import { lastMetricsHandler } from './runs-last-metrics';

export const runHandlers: HandlersOf<'runs'> = {
  ...lastMetricsHandler,

  'runs.list': ({ studyId }, { services }) => {
    requireStudy(services, studyId, 'studyId');
    return listRuns(services, studyId);
  },

  'runs.get': ({ runId }, { services }) => {
    const { store } = services;
    const run = requireRun(services, runId);
    const exports = store
      .listArtifacts(runId)
      .filter((a) => a.kind === 'export')
      .map((a) => ({ dir: a.path, createdAt: a.createdAt }));
    return {
      ...run,
      canExport: (run.finalCheckpoint ?? run.lastCheckpoint) !== null,
      exports,
      attempts: store.listAttempts(runId),
      evaluations: store.listEvaluations(runId),
    };
  },

  'runs.metrics': ({ runId, names }, { services }) => {
    requireRun(services, runId);
    return services.store.getMetrics(runId, names);
  },

  'runs.cancel': ({ runId }, { services }) => services.scheduler.cancelRun(requireRun(services, runId).id),

  'runs.stopEarly': ({ runId }, { services }) => services.scheduler.stopRunEarly(requireRun(services, runId).id),

  'runs.clone': (input, { services }) => cloneRun(services, input),

  'runs.export': ({ runId, studyId, dir }, ctx) => {
    if (dir !== undefined && ctx.access === 'confined') {
      throw new AppError(
        'unauthorized',
        `dir: this server is open to the network (serve --allow-remote), so it writes exports only into its data folder; leave dir out and download the bundle as a zip`,
      );
    }
    const { services } = ctx;
    const id = runId ?? bestRun(services, studyId!).id;
    return { runId: id, ...exportRun(services, id, dir) };
  },

  'runs.evaluate': ({ runId, force, backend, by }, ctx) => ctx.services.evaluateRun(requireRun(ctx.services, runId).id, { force, backend, requestedBy: lookerOf(by, ctx) }),

  'runs.confusion': ({ runId }, { services }) => runConfusion(services, runId),
};
