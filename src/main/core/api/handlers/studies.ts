import { AppError } from '../../../../shared/result';
import { deleteStudy, listStudies, pauseStudy, requireStudy, resumeStudy, startStudy, studyDetail } from '../../actions/studies';
import { leaderboard } from '../../actions/study-analysis';
import { specToYaml } from '../../search/load-spec';
import { validateStudySpec } from '../../search/validate-spec';
import type { HandlersOf } from '../handlers';
import { studyAnalysisHandlers } from './analysis';
import { datasetIssues, specFrom, specIssuesOf } from '../spec-issues';

export const studyHandlers: HandlersOf<'studies'> = {
  ...studyAnalysisHandlers,

  'studies.list': (_input, { services }) => listStudies(services),

  'studies.get': ({ id }, { services }) => studyDetail(services, id),

  'studies.create': (input, { services }) => {
    const study = services.createStudy(specFrom(input));
    if (input.start) return startStudy(services, study.id);
    services.emitEvent({ type: 'study-updated', studyId: study.id });
    return studyDetail(services, study.id);
  },

  'studies.pause': ({ id }, { services }) => pauseStudy(services, id),

  'studies.resume': ({ id }, { services }) => resumeStudy(services, id),

  'studies.delete': ({ id }, { services }) => deleteStudy(services, id),

  'studies.leaderboard': ({ id, limit }, { services }) => leaderboard(services, id, limit),

  'studies.specYaml': (input, { services }) => {
    const spec = input.id !== undefined ? requireStudy(services, input.id).spec : validateStudySpec(input.spec, 'spec');
    return { yaml: specToYaml(spec) };
  },

  'studies.validateSpec': (input, { services }) => {
    try {
      const spec = specFrom(input);
      const errors = datasetIssues(services.store, spec);
      return { valid: errors.length === 0, errors, spec };
    } catch (err) {
      if (err instanceof AppError && err.code === 'invalid_input') return { valid: false, errors: specIssuesOf(err), spec: null };
      throw err;
    }
  },
};
