import { describe, expect, it } from 'vitest';
import type { ParamSet, SearchSpace } from '../../../../../src/shared/domain/space';
import { createRandomSearch } from '../../../../../src/main/core/search/random';
import type { SearchAlgorithm, TrialRecord } from '../../../../../src/main/core/search/types';

const record = (params: ParamSet): TrialRecord => ({ params, status: 'completed', objective: 0 });

function sequence(search: SearchAlgorithm, n: number): ParamSet[] {
  const history: TrialRecord[] = [];
  for (let i = 0; i < n; i++) {
    const p = search.suggest(history);
    if (!p) break;
    history.push(record(p));
  }
  return history.map((t) => t.params);
}

const SPACE: SearchSpace = {
  learning_rate: { type: 'log-float', low: 1e-4, high: 1e-1 },
  dropout: { type: 'float', low: 0, high: 0.5 },
  units: { type: 'choice', values: [32, 64, 128] },
  hidden_layers: { type: 'int', low: 1, high: 3, step: 1 },
  epochs: { type: 'fixed', value: 12 },
};

describe('random search', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = sequence(createRandomSearch(SPACE, 42), 20);
    expect(sequence(createRandomSearch(SPACE, 42), 20)).toEqual(a);
    expect(sequence(createRandomSearch(SPACE, 43), 20)).not.toEqual(a);
    expect(new Set(a.map((p) => p.learning_rate)).size).toBe(20);
  });

  it('suggests trial k from (seed, k) alone, so a resumed study continues the same sequence', () => {
    const full = sequence(createRandomSearch(SPACE, 7), 10);
    const resumed = createRandomSearch(SPACE, 7);
    // Histories of the same length give the same suggestion whatever the earlier outcomes were.
    const history = full.slice(0, 6).map((p, i) => ({ params: p, status: i % 2 ? 'failed' : 'completed', objective: i % 2 ? null : i }) as TrialRecord);
    expect(resumed.suggest(history)).toEqual(full[6]);
  });

  it('does not depend on the key order of the space', () => {
    const reversed = Object.fromEntries(Object.entries(SPACE).reverse());
    expect(sequence(createRandomSearch(reversed, 5), 5)).toEqual(sequence(createRandomSearch(SPACE, 5), 5));
  });

  it('keeps every value inside its domain', () => {
    for (const p of sequence(createRandomSearch(SPACE, 1), 500)) {
      expect(p.learning_rate).toBeGreaterThanOrEqual(1e-4);
      expect(p.learning_rate).toBeLessThanOrEqual(1e-1);
      expect(p.dropout).toBeGreaterThanOrEqual(0);
      expect(p.dropout).toBeLessThan(0.5);
      expect([32, 64, 128]).toContain(p.units);
      expect([1, 2, 3]).toContain(p.hidden_layers);
      expect(p.epochs).toBe(12);
    }
  });

  it('draws log-float log-uniformly: the median is near the geometric mean', () => {
    const search = createRandomSearch({ lr: { type: 'log-float', low: 1e-5, high: 1e-1 } }, 3);
    const draws = Array.from({ length: 2000 }, (_, k) => search.suggest(Array.from({ length: k }, () => record({})))!.lr as number).sort((a, b) => a - b);
    const median = draws[1000]!;
    // Geometric mean 1e-3; a uniform draw would put the median near 5e-2.
    expect(Math.log10(median)).toBeGreaterThan(-3.2);
    expect(Math.log10(median)).toBeLessThan(-2.8);
    // Each decade gets about a quarter of the draws.
    const inFirstDecade = draws.filter((v) => v < 1e-4).length;
    expect(inFirstDecade).toBeGreaterThan(400);
    expect(inFirstDecade).toBeLessThan(600);
  });

  it('draws ints on the step lattice, covering both ends', () => {
    const search = createRandomSearch({ units: { type: 'int', low: 16, high: 128, step: 16 } }, 9);
    const seen = new Set<number>();
    for (let k = 0; k < 400; k++) {
      const v = search.suggest(Array.from({ length: k }, () => record({ units: -1 })))!.units as number;
      expect((v - 16) % 16).toBe(0);
      seen.add(v);
    }
    expect([...seen].sort((a, b) => a - b)).toEqual([16, 32, 48, 64, 80, 96, 112, 128]);
  });

  it('avoids repeating a point of a discrete space and says when the space is exhausted', () => {
    const space: SearchSpace = { units: { type: 'choice', values: [32, 64] }, activation: { type: 'choice', values: ['relu', 'tanh'] } };
    const search = createRandomSearch(space, 11);
    expect(search.size()).toBe(4);
    const points = sequence(search, 10);
    expect(points).toHaveLength(4);
    expect(new Set(points.map((p) => JSON.stringify(p))).size).toBe(4);
    expect(search.suggest(points.map(record))).toBeNull();
  });

  it('reports an unbounded size for a continuous space', () => {
    expect(createRandomSearch(SPACE, 0).size()).toBeNull();
  });
});
