import type { ParamSet, SearchSpace } from '../../../shared/domain/space';
import { pointKey, sortedKeys } from './domain-values';
import type { SearchAlgorithm, TrialRecord } from './types';

/**
 * Every configuration `inner` suggests is tried `repeats` times (each trial gets its own seed from the
 * scheduler). Pure like the algorithms it wraps: a configuration in the history with fewer than
 * `repeats` trials is suggested again, oldest first; only then is `inner` asked for a new one.
 */
export function withRepeats(inner: SearchAlgorithm, space: SearchSpace, repeats: number): SearchAlgorithm {
  if (repeats <= 1) return inner;
  const keys = sortedKeys(space);
  return {
    name: inner.name,
    size: () => {
      const size = inner.size();
      return size === null ? null : size * repeats;
    },
    suggest(history: TrialRecord[]): ParamSet | null {
      const counts = new Map<string, number>();
      for (const trial of history) {
        const key = pointKey(keys, trial.params);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      for (const trial of history) {
        if ((counts.get(pointKey(keys, trial.params)) ?? 0) < repeats) {
          return Object.fromEntries(keys.filter((k) => trial.params[k] !== undefined).map((k) => [k, trial.params[k]!]));
        }
      }
      return inner.suggest(history);
    },
  };
}
