import { parseStudySpec } from '../../search/load-spec';
import { takeFirstLaunch } from '../app/first-launch';
import { readSampleStudyYaml, SAMPLE_STUDY_FILE } from '../app/sample-study';
import type { HandlersOf } from '../handlers';

export const appHandlers: HandlersOf<'app'> = {
  'app.sampleStudy': () => {
    const yaml = readSampleStudyYaml();
    return { yaml, spec: parseStudySpec(yaml, SAMPLE_STUDY_FILE) };
  },

  'app.firstLaunch': (_input, { services }) => ({ firstLaunch: takeFirstLaunch(services.paths.dataDir, services.store) }),
};
