import { AppError } from '../../../../shared/result';
import type { HandlersOf } from '../handlers';

/** Trial numbers are what users see and link; run ids stay internal. */
export const trialHandlers: HandlersOf<'trials'> = {
  'trials.resolve': ({ studyId, trialNumber }, { services }) => {
    if (!services.store.getStudy(studyId)) throw new AppError('not_found', `studyId: no study ${studyId}`);
    const run = services.store.listRuns(studyId).find((r) => r.trialNumber === trialNumber);
    if (!run) throw new AppError('not_found', `trialNumber: study ${studyId} has no trial #${trialNumber}`);
    return { runId: run.id };
  },
};
