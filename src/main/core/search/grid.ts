import type { ParamSet, ParamValue, SearchSpace } from '../../../shared/domain/space';
import { AppError } from '../../../shared/result';
import { activePart, NO_CONDITIONS, seenPoints, type Conditions } from './conditions';
import { gridValues, pointKey, sortedKeys } from './domain-values';
import type { SearchAlgorithm, TrialRecord } from './types';

/** Values per key (sorted), or throws naming the continuous range that has no grid. */
export function gridAxes(space: SearchSpace): { keys: string[]; axes: ParamValue[][] } {
  const keys = sortedKeys(space);
  const axes = keys.map((k) => {
    const values = gridValues(space[k]!);
    if (!values) throw new AppError('invalid_input', `space.${k}: grid search needs \`grid\` or \`gridPoints\` for a continuous range`);
    return values;
  });
  return { keys, axes };
}

export function gridSize(space: SearchSpace): number {
  return gridAxes(space).axes.reduce((n, axis) => n * axis.length, 1);
}

/**
 * The distinct points of the cartesian product once inactive keys are dropped, in product order
 * (last key alphabetically varying fastest, like scikit-learn's ParameterGrid): a grid over momentum
 * × optimizer tries adam once, not once per momentum value.
 */
export function gridPoints(space: SearchSpace, conditions: Conditions = NO_CONDITIONS): ParamSet[] {
  const { keys, axes } = gridAxes(space);
  const total = axes.reduce((n, axis) => n * axis.length, 1);
  const points: ParamSet[] = [];
  const seen = new Set<string>();
  for (let index = 0; index < total; index++) {
    const point: ParamSet = {};
    for (let i = keys.length - 1, rest = index; i >= 0; i--) {
      const axis = axes[i]!;
      point[keys[i]!] = axis[rest % axis.length]!;
      rest = Math.floor(rest / axis.length);
    }
    const active = activePart(point, conditions);
    const key = pointKey(keys, active);
    if (seen.has(key)) continue;
    seen.add(key);
    points.push(active);
  }
  return points;
}

/**
 * Exhaustive search over the grid's distinct points. Points already in history are skipped, so a
 * resumed study carries on where it stopped and a failed point is not retried.
 */
export function createGridSearch(space: SearchSpace, conditions: Conditions = NO_CONDITIONS): SearchAlgorithm {
  const keys = sortedKeys(space);
  const points = gridPoints(space, conditions);
  return {
    name: 'grid',
    size: () => points.length,
    suggest(history: readonly TrialRecord[]): ParamSet | null {
      const seen = seenPoints(keys, history, conditions);
      return points.find((p) => !seen.has(pointKey(keys, p))) ?? null;
    },
  };
}
