import type { ParamSet, ParamValue, SearchSpace } from '../../../shared/domain/space';
import { AppError } from '../../../shared/result';
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
 * Exhaustive search over the cartesian product, last key (alphabetically) varying fastest, like
 * scikit-learn's ParameterGrid. Points already in history are skipped, so a resumed study carries on
 * where it stopped and a failed point is not retried.
 */
export function createGridSearch(space: SearchSpace): SearchAlgorithm {
  const { keys, axes } = gridAxes(space);
  const total = axes.reduce((n, axis) => n * axis.length, 1);

  const pointAt = (index: number): ParamSet => {
    const point: ParamSet = {};
    for (let i = keys.length - 1; i >= 0; i--) {
      const axis = axes[i]!;
      point[keys[i]!] = axis[index % axis.length]!;
      index = Math.floor(index / axis.length);
    }
    return point;
  };

  return {
    name: 'grid',
    size: () => total,
    suggest(history: TrialRecord[]): ParamSet | null {
      const seen = new Set(history.map((t) => pointKey(keys, t.params)));
      for (let i = 0; i < total; i++) {
        const point = pointAt(i);
        if (!seen.has(pointKey(keys, point))) return point;
      }
      return null;
    },
  };
}
