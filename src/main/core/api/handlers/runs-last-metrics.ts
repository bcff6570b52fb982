import type { HandlersOf } from '../handlers';
import { requireStudy } from '../../actions/studies';

type LastMetricsHandler = Pick<HandlersOf<'runs'>, 'runs.lastMetrics'>;

/**
 * The metric columns of the run table: every run's values at its last epoch, in one store query
 * (10,000 runs × 50 epochs answer in tens of milliseconds, not one query per run).
 */
export const lastMetricsHandler: LastMetricsHandler = {
  'runs.lastMetrics': ({ studyId, names }, ctx) => {
    const study = requireStudy(ctx.services, studyId, 'studyId');
    const finals = ctx.services.store.finalMetrics(study.id, names);
    return [...finals].map(([runId, metrics]) => ({ runId, metrics }));
  },
};
