import { describe, expect, it } from 'vitest';
import type { ParamSet, SearchSpace } from '../../../../../src/shared/domain/space';
import { createGridSearch, gridSize } from '../../../../../src/main/core/search/grid';
import type { SearchAlgorithm, TrialRecord } from '../../../../../src/main/core/search/types';

const done = (params: ParamSet): TrialRecord => ({ params, status: 'completed', objective: 0.5 });

function runAll(search: SearchAlgorithm, history: TrialRecord[] = []): ParamSet[] {
  const out: ParamSet[] = [];
  for (let p = search.suggest(history); p !== null; p = search.suggest(history)) {
    out.push(p);
    history.push(done(p));
  }
  return out;
}

const SPACE: SearchSpace = {
  units: { type: 'choice', values: [32, 64] },
  activation: { type: 'choice', values: ['relu', 'tanh', 'elu'] },
  hidden_layers: { type: 'int', low: 1, high: 5, step: 2 },
  epochs: { type: 'fixed', value: 10 },
};

describe('grid search', () => {
  it('enumerates the cartesian product in sorted-key order, last key fastest, then is exhausted', () => {
    const search = createGridSearch(SPACE);
    expect(search.size()).toBe(2 * 3 * 3);
    const points = runAll(search);
    expect(points).toHaveLength(18);
    expect(new Set(points.map((p) => JSON.stringify(p))).size).toBe(18);
    // Keys sorted: activation, epochs, hidden_layers, units.
    expect(points.slice(0, 3)).toEqual([
      { activation: 'relu', epochs: 10, hidden_layers: 1, units: 32 },
      { activation: 'relu', epochs: 10, hidden_layers: 1, units: 64 },
      { activation: 'relu', epochs: 10, hidden_layers: 3, units: 32 },
    ]);
    expect(points[17]).toEqual({ activation: 'elu', epochs: 10, hidden_layers: 5, units: 64 });
  });

  it('does not depend on the key order of the space', () => {
    const reversed = Object.fromEntries(Object.entries(SPACE).reverse());
    expect(runAll(createGridSearch(reversed))).toEqual(runAll(createGridSearch(SPACE)));
  });

  it('continues where a resumed study stopped, skipping points already tried whatever their status', () => {
    const all = runAll(createGridSearch(SPACE));
    const history: TrialRecord[] = [
      { params: all[0]!, status: 'completed', objective: 1 },
      { params: all[1]!, status: 'failed', objective: null },
      { params: all[3]!, status: 'interrupted', objective: null },
    ];
    const search = createGridSearch(SPACE);
    expect(search.suggest(history)).toEqual(all[2]);
    const rest = runAll(search, history);
    expect(rest).toEqual([all[2], ...all.slice(4)]);
  });

  it('recognises a point read back from storage (extra params, booleans as text)', () => {
    const space: SearchSpace = { batch_norm: { type: 'choice', values: [true, false] }, dropout: { type: 'float', low: 0, high: 0.3, gridPoints: 4 } };
    const search = createGridSearch(space);
    const first = search.suggest([])!;
    expect(first).toEqual({ batch_norm: true, dropout: 0 });
    const stored = { batch_norm: 'true', dropout: 0, seed_extra: 7 };
    expect(search.suggest([done(stored)])).toEqual({ batch_norm: true, dropout: 0.1 });
  });

  it('spaces float grids linearly and log-float grids geometrically, both ends exact', () => {
    const search = createGridSearch({
      a_dropout: { type: 'float', low: 0, high: 0.5, gridPoints: 3 },
      b_lr: { type: 'log-float', low: 1e-4, high: 1e-1, gridPoints: 4 },
    });
    const points = runAll(search);
    expect([...new Set(points.map((p) => p.a_dropout))]).toEqual([0, 0.25, 0.5]);
    const lrs = [...new Set(points.map((p) => p.b_lr as number))];
    expect(lrs[0]).toBe(1e-4);
    expect(lrs[3]).toBe(1e-1);
    expect(lrs[1]).toBe(1e-3); // tidied to 12 digits, as run tables show it
    expect(lrs[2]).toBe(1e-2);
  });

  it('uses explicit grid values over ranges', () => {
    const space: SearchSpace = { units: { type: 'int', low: 8, high: 512, step: 1, grid: [16, 256] }, learning_rate: { type: 'float', low: 0, high: 1, grid: [0.5] } };
    expect(gridSize(space)).toBe(2);
    expect(runAll(createGridSearch(space))).toEqual([
      { learning_rate: 0.5, units: 16 },
      { learning_rate: 0.5, units: 256 },
    ]);
  });

  it('refuses a continuous range without grid points, naming it', () => {
    expect(() => createGridSearch({ dropout: { type: 'float', low: 0, high: 0.5 } })).toThrow('space.dropout: grid search needs `grid` or `gridPoints`');
  });

  it('has exactly one point for an empty space', () => {
    expect(runAll(createGridSearch({}))).toEqual([{}]);
  });
});
