import { describe, expect, it } from 'vitest';
import type { ParamSet, SearchSpace } from '../../../../../../src/shared/domain/space';
import { createRandomSearch } from '../../../../../../src/main/core/search/random';
import { createTpeSearch, type TpeSetup } from '../../../../../../src/main/core/search/tpe/sampler';
import type { SearchAlgorithm, TrialRecord } from '../../../../../../src/main/core/search/types';
import branin from '../../../../../../bench/objectives/branin.mjs';

const BRANIN = { ...branin, space: branin.space as SearchSpace };

/** Sequential study: suggest, evaluate, record. Returns the best value and the records. */
function optimize(search: SearchAlgorithm, evaluate: (p: ParamSet) => number, n: number): { best: number; history: TrialRecord[] } {
  const history: TrialRecord[] = [];
  let best = Infinity;
  for (let k = 0; k < n; k++) {
    const params = search.suggest(history)!;
    const objective = evaluate(params);
    best = Math.min(best, objective);
    history.push({ number: k + 1, params, status: 'completed', objective });
  }
  return { best, history };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const tpe = (setup: Partial<TpeSetup> & Pick<TpeSetup, 'space'>) => createTpeSearch({ seed: 1, direction: 'minimize', ...setup });
const X: SearchSpace = { x: { type: 'float', low: 0, high: 1 } };

describe('TPE sampler', () => {
  it('is deterministic for a seed, differs between seeds, and suggests the same point again for the same history', () => {
    const a = optimize(tpe({ space: BRANIN.space, seed: 4 }), BRANIN.evaluate, 30).history;
    const b = optimize(tpe({ space: BRANIN.space, seed: 4 }), BRANIN.evaluate, 30).history;
    expect(b).toEqual(a);
    expect(optimize(tpe({ space: BRANIN.space, seed: 5 }), BRANIN.evaluate, 30).history).not.toEqual(a);
    // A resumed study (a fresh sampler, the stored history) proposes what the first one would have.
    const resumed = tpe({ space: BRANIN.space, seed: 4 });
    expect(resumed.suggest(a.slice(0, 25))).toEqual(a[25]!.params);
  });

  it('beats random search on Branin at 60 evaluations (7 fixed seeds)', () => {
    const seeds = [0, 1, 2, 3, 4, 5, 6];
    const tpeBest = seeds.map((seed) => optimize(tpe({ space: BRANIN.space, seed }), BRANIN.evaluate, 60).best);
    const randomBest = seeds.map((seed) => optimize(createRandomSearch(BRANIN.space, seed), BRANIN.evaluate, 60).best);
    expect(median(tpeBest)).toBeLessThan(median(randomBest));
    expect(median(tpeBest)).toBeLessThan(0.6); // optimum 0.398; random search's median here is about 1
  });

  it('maximizes when told to', () => {
    const { history } = optimize(tpe({ space: X, direction: 'maximize' }), (p) => -((Number(p.x) - 0.8) ** 2), 40);
    const late = history.slice(20).map((t) => Number(t.params.x));
    expect(median(late)).toBeGreaterThan(0.65);
    expect(median(late)).toBeLessThan(0.95);
  });

  it('spreads suggestions made while trials run (constant liar)', () => {
    const evaluate = (p: ParamSet) => (Number(p.x) - 0.3) ** 2;
    const { history } = optimize(tpe({ space: X }), evaluate, 20);
    const batch = (constantLiar: boolean) => {
      const search = tpe({ space: X, options: { constantLiar } });
      const h = [...history];
      for (let i = 0; i < 8; i++) h.push({ number: h.length + 1, params: search.suggest(h)!, status: 'running', objective: null });
      const xs = h.slice(20).map((t) => Number(t.params.x)).sort((a, b) => a - b);
      return xs[xs.length - 1]! - xs[0]!;
    };
    expect(batch(true)).toBeGreaterThan(batch(false));
  });

  it('learns from failed trials: it stays away from where trials failed', () => {
    const completed: TrialRecord[] = Array.from({ length: 20 }, (_, k) => ({ number: k + 1, params: { x: (k + 0.5) / 20 }, status: 'completed', objective: 1 }));
    const failed: TrialRecord[] = Array.from({ length: 15 }, (_, k) => ({ number: 21 + k, params: { x: 0.6 + (k / 14) * 0.4 }, status: 'failed', objective: null }));
    const search = tpe({ space: X });
    const xs = Array.from({ length: 20 }, (_, k) => Number(search.suggest([...completed, ...failed, ...failed.slice(0, k)])!.x));
    expect(xs.filter((x) => x >= 0.6).length).toBeLessThan(5);
  });

  it('starts from a warm-start study: modelled from the first suggestion, near its best region', () => {
    const warm: TrialRecord[] = Array.from({ length: 30 }, (_, k) => {
      const x = k / 29;
      return { params: { x }, status: 'completed', objective: (x - 0.7) ** 2 };
    });
    const cold = tpe({ space: X, seed: 9 });
    const seeded = tpe({ space: X, seed: 9, warmStart: warm });
    const seededXs = Array.from({ length: 10 }, (_, k) => Number(seeded.suggest(Array.from({ length: k }, (): TrialRecord => ({ params: {}, status: 'running', objective: null })))!.x));
    expect(seededXs.filter((x) => Math.abs(x - 0.7) < 0.15).length).toBeGreaterThanOrEqual(7);
    // Without it the first ten suggestions are the random start-up draws.
    expect(cold.suggest([])).toEqual(createRandomSearch(X, 9).suggest([]));
  });

  it('keeps every kind of domain valid: int steps, log ints, categories, fixed values', () => {
    const space: SearchSpace = {
      units: { type: 'int', low: 16, high: 256, step: 16 },
      batch: { type: 'int', low: 1, high: 1024, step: 1, log: true },
      act: { type: 'choice', values: ['relu', 'tanh', 'elu'] },
      lr: { type: 'log-float', low: 1e-5, high: 1e-1 },
      epochs: { type: 'fixed', value: 7 },
    };
    const evaluate = (p: ParamSet) => Math.abs(Number(p.units) - 128) / 128 + Math.abs(Math.log(Number(p.batch) / 32)) + (p.act === 'tanh' ? 0 : 1) + Math.abs(Math.log10(Number(p.lr)) + 3);
    const { history } = optimize(tpe({ space }), evaluate, 60);
    for (const { params: p } of history) {
      expect(Number.isInteger(p.units) && (Number(p.units) - 16) % 16 === 0 && Number(p.units) <= 256).toBe(true);
      expect(Number.isInteger(p.batch) && Number(p.batch) >= 1 && Number(p.batch) <= 1024).toBe(true);
      expect(['relu', 'tanh', 'elu']).toContain(p.act);
      expect(Number(p.lr)).toBeGreaterThanOrEqual(1e-5);
      expect(Number(p.lr)).toBeLessThanOrEqual(1e-1);
      expect(p.epochs).toBe(7);
    }
    // It learns the categorical and the log-int: late trials mostly pick tanh and batches within 4× of 32.
    const late = history.slice(40).map((t) => t.params);
    expect(late.filter((p) => p.act === 'tanh').length).toBeGreaterThan(12);
    expect(late.filter((p) => Number(p.batch) >= 8 && Number(p.batch) <= 128).length).toBeGreaterThan(12);
  });

  it('says the space is used up and never repeats a point of a finite space', () => {
    const space: SearchSpace = { a: { type: 'choice', values: [1, 2, 3] }, b: { type: 'int', low: 0, high: 2, step: 1 } };
    const search = tpe({ space, options: { nStartupTrials: 3 } });
    const history: TrialRecord[] = [];
    for (let k = 0; k < 9; k++) {
      const params = search.suggest(history)!;
      history.push({ number: k + 1, params, status: 'completed', objective: Number(params.a) + Number(params.b) });
    }
    expect(new Set(history.map((t) => JSON.stringify(t.params))).size).toBe(9);
    expect(search.suggest(history)).toBeNull();
  });
});
