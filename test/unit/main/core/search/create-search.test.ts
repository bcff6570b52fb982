import { describe, expect, it } from 'vitest';
import { createSearch } from '../../../../../src/main/core/search/create-search';
import { parseStudySpec } from '../../../../../src/main/core/search/load-spec';
import { trialSeed } from '../../../../../src/main/core/search/seeds';

const spec = (algorithm: string, seed = 1) =>
  parseStudySpec(`name: s\ndataset: sample:binary-1000x10\ntemplate: mlp\nalgorithm: ${algorithm}\nseed: ${seed}\nbudget: {maxTrials: 5}\nspace:\n  units: [8, 16, 32]\n  learning_rate: {type: log-float, low: 0.001, high: 0.1, gridPoints: 3}\n`, 'x');

describe('createSearch', () => {
  it('picks the algorithm the spec names', () => {
    const grid = createSearch(spec('grid'));
    expect(grid.name).toBe('grid');
    expect(grid.size()).toBe(9);
    const random = createSearch(spec('random'));
    expect(random.name).toBe('random');
    expect(random.size()).toBeNull();
  });

  it('seeds random search from the study seed', () => {
    const a = createSearch(spec('random', 1)).suggest([]);
    expect(createSearch(spec('random', 1)).suggest([])).toEqual(a);
    expect(createSearch(spec('random', 2)).suggest([])).not.toEqual(a);
  });
});

describe('trialSeed', () => {
  it('is deterministic, a non-negative 31-bit int, and distinct across trials and studies', () => {
    expect(trialSeed(42, 3)).toBe(trialSeed(42, 3));
    const seeds = new Set<number>();
    for (let study = 0; study < 20; study++) {
      for (let trial = 0; trial < 50; trial++) {
        const s = trialSeed(study, trial);
        expect(Number.isInteger(s) && s >= 0 && s < 2 ** 31).toBe(true);
        seeds.add(s);
      }
    }
    expect(seeds.size).toBe(1000);
  });

  it('distinguishes large study seeds that share their low 32 bits', () => {
    expect(trialSeed(2 ** 32 + 5, 0)).not.toBe(trialSeed(5, 0));
  });
});
