import { sampleDomain } from '../../../shared/domain/sample-domain';
import type { ParamSet, SearchSpace } from '../../../shared/domain/space';
import { discreteCount, pointKey, sortedKeys } from './domain-values';
import { hashInts, mulberry32 } from './prng';
import type { SearchAlgorithm, TrialRecord } from './types';

/** Redraws allowed to dodge a duplicate in a discrete space before accepting one. */
const MAX_RETRIES = 64;

/**
 * Independent uniform sampling (log-uniform for log-float). Suggestion k draws from a generator seeded
 * by (seed, k = history.length, attempt), so a resumed study proposes the very same sequence.
 */
export function createRandomSearch(space: SearchSpace, seed: number): SearchAlgorithm {
  const keys = sortedKeys(space);
  const counts = keys.map((k) => discreteCount(space[k]!));
  const size = counts.every((c): c is number => c !== null) ? counts.reduce((a, b) => a * b, 1) : null;

  const draw = (k: number, attempt: number): ParamSet => {
    const rng = mulberry32(hashInts(seed, k, attempt));
    const point: ParamSet = {};
    for (const key of keys) point[key] = sampleDomain(space[key]!, rng);
    return point;
  };

  return {
    name: 'random',
    size: () => size,
    suggest(history: TrialRecord[]): ParamSet | null {
      const k = history.length;
      // A continuous space practically never repeats a point: no need to look.
      if (size === null) return draw(k, 0);
      const seen = new Set(history.map((t) => pointKey(keys, t.params)));
      if (seen.size >= size) return null;
      let point = draw(k, 0);
      for (let attempt = 1; attempt <= MAX_RETRIES && seen.has(pointKey(keys, point)); attempt++) point = draw(k, attempt);
      return point;
    },
  };
}
