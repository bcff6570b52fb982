import type { Domain, ParamSet, ParamValue, SearchSpace } from '../../../shared/domain/space';
import { activePart, NO_CONDITIONS, seenPoints, type Conditions } from './conditions';
import { discreteCount, pointKey, sortedKeys } from './domain-values';
import { gridPoints } from './grid';
import { hashInts, mulberry32, randInt, type Rng } from './prng';
import type { SearchAlgorithm, TrialRecord } from './types';

/** Redraws allowed to dodge a duplicate in a discrete space before accepting one. */
const MAX_RETRIES = 64;

export function sampleDomain(domain: Domain, rng: Rng): ParamValue {
  switch (domain.type) {
    case 'fixed':
      return domain.value;
    case 'choice':
      return domain.values[randInt(rng, domain.values.length)]!;
    case 'int': {
      if (domain.log) {
        // Uniform over [log(low − ½), log(high + ½)], then rounded: each integer gets the log-width of its cell.
        const a = Math.log(domain.low - 0.5);
        const v = Math.round(Math.exp(a + rng() * (Math.log(domain.high + 0.5) - a)));
        return Math.min(domain.high, Math.max(domain.low, v));
      }
      const n = Math.floor((domain.high - domain.low) / domain.step) + 1;
      return domain.low + domain.step * randInt(rng, n);
    }
    case 'float':
      return domain.low + rng() * (domain.high - domain.low);
    case 'log-float': {
      const a = Math.log(domain.low);
      return Math.exp(a + rng() * (Math.log(domain.high) - a));
    }
  }
}

/** Above this many product points a conditional space's exact size is not enumerated. */
const MAX_ENUMERATED = 100_000;

/**
 * Distinct points a finite space holds, or null when it is continuous. Dropping inactive keys merges
 * points (every momentum under adam is one point), so a conditional space is counted by enumeration.
 */
function finiteSize(space: SearchSpace, keys: readonly string[], conditions: Conditions): number | null {
  const counts = keys.map((k) => discreteCount(space[k]!));
  if (!counts.every((c): c is number => c !== null)) return null;
  const product = counts.reduce((a, b) => a * b, 1);
  const conditional = keys.some((k) => conditions.parentOf(k) !== undefined);
  if (!conditional || product > MAX_ENUMERATED) return product;
  // Random search draws ints from the whole lattice, whatever grid points the spec lists for grid search.
  const lattice = Object.fromEntries(keys.map((k) => [k, { ...space[k]!, grid: undefined }])) as SearchSpace;
  return gridPoints(lattice, conditions).length;
}

/**
 * Random draws, one generator per suggestion index: `draw(k, attempt)` depends on (seed, k, attempt)
 * alone. Every key is drawn (inactive ones too) so the stream of values, and therefore a resumed
 * study's sequence, does not depend on which keys end up active.
 */
export function randomPoints(space: SearchSpace, seed: number, conditions: Conditions) {
  const keys = sortedKeys(space);
  const size = finiteSize(space, keys, conditions);
  const draw = (k: number, attempt: number): ParamSet => {
    const rng = mulberry32(hashInts(seed, k, attempt));
    const point: ParamSet = {};
    for (const key of keys) point[key] = sampleDomain(space[key]!, rng);
    return activePart(point, conditions);
  };
  /** A fresh point for suggestion k that is not in `seen` (after a few tries), or null when a finite space is used up. */
  const fresh = (k: number, seen: Set<string>, exhausted: boolean): ParamSet | null => {
    if (exhausted) return null;
    let point = draw(k, 0);
    for (let attempt = 1; attempt <= MAX_RETRIES && seen.has(pointKey(keys, point)); attempt++) point = draw(k, attempt);
    return point;
  };
  return { keys, size, draw, fresh };
}

/**
 * Independent uniform sampling (log-uniform for log scales). Suggestion k draws from a generator
 * seeded by (seed, k = history.length, attempt), so a resumed study proposes the very same sequence.
 */
export function createRandomSearch(space: SearchSpace, seed: number, conditions: Conditions = NO_CONDITIONS): SearchAlgorithm {
  const points = randomPoints(space, seed, conditions);
  return {
    name: 'random',
    size: () => points.size,
    suggest(history: readonly TrialRecord[]): ParamSet | null {
      const k = history.length;
      // A continuous space practically never repeats a point: no need to look.
      if (points.size === null) return points.draw(k, 0);
      const seen = seenPoints(points.keys, history, conditions);
      return points.fresh(k, seen, seen.size >= points.size);
    },
  };
}
