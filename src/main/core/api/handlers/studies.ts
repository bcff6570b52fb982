import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../shared/result';
import { specToYaml } from '../../search/load-spec';
import { validateStudySpec } from '../../search/validate-spec';
import type { StudyRow } from '../../store/types';
import type { ApiContext } from '../context';
import type { HandlersOf } from '../handlers';
import { datasetIssues, specFrom, specIssuesOf } from '../spec-issues';

export function requireStudy(ctx: ApiContext, id: number | string, field = 'id'): StudyRow {
  const study = ctx.services.store.getStudy(id);
  if (!study) throw new AppError('not_found', `${field}: no study ${JSON.stringify(id)}`);
  return study;
}

/**
 * Starts the study's scheduling in the background: the call answers at once and progress arrives as
 * events. The promise settles when the study completes or pauses, long after the request.
 */
export function startInBackground(ctx: ApiContext, studyId: number): void {
  ctx.services.scheduler.startStudy(studyId).catch((err: unknown) => {
    console.error(`[api] study ${studyId} stopped with an error:`, err);
  });
}

/** Pauses and, so a delete need not wait for an epoch to end, kills the study's running trials. */
async function stopStudyNow(ctx: ApiContext, studyId: number): Promise<void> {
  const { scheduler, store } = ctx.services;
  const stopped = scheduler.pauseStudy(studyId);
  for (const runId of scheduler.runningRunIds()) {
    if (store.getRun(runId)?.studyId === studyId) scheduler.cancelRun(runId);
  }
  await stopped;
}

export const studyHandlers: HandlersOf<'studies'> = {
  'studies.list': (_input, { services }) => services.store.listStudies(),

  'studies.get': ({ id }, ctx) => requireStudy(ctx, id),

  'studies.create': (input, ctx) => {
    const study = ctx.services.createStudy(specFrom(input));
    if (input.start) startInBackground(ctx, study.id);
    else ctx.events.emit('study-updated', { studyId: study.id });
    return requireStudy(ctx, study.id);
  },

  'studies.pause': ({ id }, ctx) => {
    const study = requireStudy(ctx, id);
    if (study.status === 'paused') return study;
    if (study.status !== 'running') throw new AppError('conflict', `study ${study.name} is ${study.status}, not running; only a running study can be paused`);
    void ctx.services.scheduler.pauseStudy(study.id);
    return requireStudy(ctx, study.id);
  },

  'studies.resume': ({ id }, ctx) => {
    const study = requireStudy(ctx, id);
    if (study.status !== 'running') startInBackground(ctx, study.id);
    return requireStudy(ctx, study.id);
  },

  'studies.delete': async ({ id }, ctx) => {
    const study = requireStudy(ctx, id);
    const { store, paths } = ctx.services;
    if (study.status === 'running') await stopStudyNow(ctx, study.id);
    const runIds = store.listRuns(study.id).map((r) => r.id);
    store.deleteStudy(study.id);
    // Rows first: a folder that fails to go away wastes disk, a row without its folder would be a broken run.
    for (const runId of runIds) {
      try {
        fs.rmSync(path.join(paths.runsDir, String(runId)), { recursive: true, force: true });
      } catch (err) {
        console.warn(`[api] study ${study.id} deleted, but run folder ${runId} stays: ${(err as Error).message}`);
      }
    }
    ctx.events.emit('study-updated', { studyId: study.id });
    return { id: study.id };
  },

  'studies.specYaml': (input, ctx) => {
    const spec = input.id !== undefined ? requireStudy(ctx, input.id).spec : validateStudySpec(input.spec, 'spec');
    return { yaml: specToYaml(spec) };
  },

  'studies.validateSpec': (input, ctx) => {
    try {
      const spec = specFrom(input);
      const errors = datasetIssues(ctx.services.store, spec);
      return { valid: errors.length === 0, errors, spec };
    } catch (err) {
      if (err instanceof AppError && err.code === 'invalid_input') return { valid: false, errors: specIssuesOf(err), spec: null };
      throw err;
    }
  },
};
