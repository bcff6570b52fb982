import type { StudySpec } from '../../../shared/domain/study-spec';
import { createGridSearch } from './grid';
import { createRandomSearch } from './random';
import type { SearchAlgorithm } from './types';

export function createSearch(spec: StudySpec): SearchAlgorithm {
  switch (spec.algorithm) {
    case 'grid':
      return createGridSearch(spec.space);
    case 'random':
      return createRandomSearch(spec.space, spec.seed);
  }
}
