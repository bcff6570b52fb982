import type { ObjectiveDirection } from '../../src/shared/domain/run';
import type { ParamSet } from '../../src/shared/domain/space';

/**
 * What bench/search-quality.ts loads: an ES module whose default export is an objective over a study
 * spec's `space` (shorthands included: a list is a choice, a scalar is fixed).
 */
export interface ObjectiveModule {
  name: string;
  direction: ObjectiveDirection;
  optimum?: number;
  space: Record<string, unknown>;
  evaluate(params: ParamSet): number;
}
