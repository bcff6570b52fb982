import type { StudySpec } from '../../../shared/domain/study-spec';
import { templateConditions } from './conditions';
import { createGridSearch } from './grid';
import { createRandomSearch } from './random';
import { withRepeats } from './repeats';
import { createTpeSearch } from './tpe/sampler';
import type { SearchAlgorithm, TrialRecord } from './types';

export interface SearchContext {
  /**
   * Finished trials of the study named by `sampler.warmStartStudy` (same objective metric and
   * direction): TPE models them as this study's oldest trials. Grid and random ignore them.
   */
  warmStart?: readonly TrialRecord[];
}

/**
 * The spec's sampler; every one leaves out hyperparameters that do not apply (conditional-hparams.ts),
 * and with `repeats: N` each configuration it suggests is trained N times with different seeds.
 */
export function createSearch(spec: StudySpec, context: SearchContext = {}): SearchAlgorithm {
  return withRepeats(samplerOf(spec, context), spec.space, spec.repeats ?? 1);
}

function samplerOf(spec: StudySpec, context: SearchContext): SearchAlgorithm {
  const conditions = templateConditions(spec.template);
  switch (spec.algorithm) {
    case 'grid':
      return createGridSearch(spec.space, conditions);
    case 'random':
      return createRandomSearch(spec.space, spec.seed, conditions);
    case 'tpe': {
      const { warmStartStudy: _study, ...options } = spec.sampler ?? {};
      return createTpeSearch({ space: spec.space, seed: spec.seed, direction: spec.objective.direction, conditions, options, warmStart: context.warmStart });
    }
  }
}
