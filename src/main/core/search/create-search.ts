import type { StudySpec } from '../../../shared/domain/study-spec';
import { createGridSearch } from './grid';
import { createRandomSearch } from './random';
import { withRepeats } from './repeats';
import type { SearchAlgorithm } from './types';

export function createSearch(spec: StudySpec): SearchAlgorithm {
  const search = spec.algorithm === 'grid' ? createGridSearch(spec.space) : createRandomSearch(spec.space, spec.seed);
  return withRepeats(search, spec.space, spec.repeats ?? 1);
}
