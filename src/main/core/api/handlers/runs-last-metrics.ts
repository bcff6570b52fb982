import type { HandlersOf } from '../handlers';
import { requireStudy } from './studies';

type LastMetricsHandler = Pick<HandlersOf<'runs'>, 'runs.lastMetrics'>;

/**
 * One query per run: the store keeps curves by (run, name, step), so each run's lookup is an index
 * range. The table asks only for the metric columns the user turned on, after the page is usable.
 */
export const lastMetricsHandler: LastMetricsHandler = {
  'runs.lastMetrics': ({ studyId, names }, ctx) => {
    const study = requireStudy(ctx, studyId, 'studyId');
    const { store } = ctx.services;
    return store
      .listRuns(study.id)
      .filter((run) => run.epochsDone > 0)
      .map((run) => {
        const metrics: Record<string, number | null> = {};
        // Points arrive ordered by name then step, so the last one seen per name is the final epoch.
        for (const point of store.getMetrics(run.id, names)) metrics[point.name] = point.value;
        return { runId: run.id, metrics };
      });
  },
};
