import { AppError } from '../../../../shared/result';
import type { ApiContext } from '../context';
import type { HandlersOf } from '../handlers';

function requireStudyId(ctx: ApiContext, studyId: number): void {
  if (!ctx.services.store.getStudy(studyId)) throw new AppError('not_found', `studyId: no study ${studyId}`);
}

function requireRunId(ctx: ApiContext, runId: number): void {
  if (!ctx.services.store.getRun(runId)) throw new AppError('not_found', `runId: no run ${runId}`);
}

/** Notes and tags on studies and runs (migration 004). */
export const annotationHandlers: HandlersOf<'annotations'> = {
  'annotations.list': (input, ctx) => {
    const { store } = ctx.services;
    if (!input) {
      return { studies: [...store.studyAnnotations()].map(([studyId, a]) => ({ studyId, ...a })), runs: [] };
    }
    requireStudyId(ctx, input.studyId);
    const study = store.getStudyAnnotation(input.studyId);
    return {
      studies: [{ studyId: input.studyId, ...study }],
      runs: [...store.runAnnotations(input.studyId)].map(([runId, a]) => ({ runId, ...a })),
    };
  },

  'annotations.setStudy': ({ studyId, note, tags }, ctx) => {
    requireStudyId(ctx, studyId);
    return ctx.services.store.setStudyAnnotation(studyId, { note, tags });
  },

  'annotations.setRun': ({ runId, note, tags }, ctx) => {
    requireRunId(ctx, runId);
    return ctx.services.store.setRunAnnotation(runId, { note, tags });
  },
};
