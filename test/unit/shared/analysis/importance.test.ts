import { describe, expect, it } from 'vitest';
import { paramImportance } from '../../../../src/shared/analysis/importance';
import type { AnalysisTrial } from '../../../../src/shared/analysis/trials';
import type { ParamSet, SearchSpace } from '../../../../src/shared/domain/space';
import { mulberry32 } from '../../../../src/shared/random';

/** n random-search trials of an objective. */
function study(n: number, seed: number, draw: (u: () => number) => ParamSet, f: (p: ParamSet) => number): AnalysisTrial[] {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    const params = draw(rng);
    return { number: i + 1, params, status: 'completed', objective: f(params) };
  });
}
const names = (xs: { name: string }[]) => xs.map((x) => x.name);

const UNIT: SearchSpace = { x1: { type: 'float', low: 0, high: 1 }, x2: { type: 'float', low: 0, high: 1 }, x3: { type: 'float', low: 0, high: 1 } };
const unitDraw = (u: () => number): ParamSet => ({ x1: u(), x2: u(), x3: u() });

describe('paramImportance (PED-ANOVA)', () => {
  it('ranks a strong parameter over a weak one over one that does not matter, for any seed', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const trials = study(300, seed, unitDraw, (p) => 4 * Math.abs(Number(p.x1) - 0.5) + Math.abs(Number(p.x2) - 0.5));
      const result = paramImportance(UNIT, trials, { direction: 'minimize' });
      expect(names(result)).toEqual(['x1', 'x2', 'x3']);
      expect(result.reduce((s, r) => s + r.importance, 0)).toBeCloseTo(1, 12);
      expect(result[0]!.importance).toBeGreaterThan(0.5);
      expect(result[2]!.importance).toBeLessThan(0.15);
    }
  });

  it('reads log ranges on their log scale and categories as categories, maximizing', () => {
    const space: SearchSpace = {
      lr: { type: 'log-float', low: 1e-5, high: 1e-1 },
      activation: { type: 'choice', values: ['relu', 'tanh', 'elu'] },
      noise: { type: 'float', low: 0, high: 1 },
      units: { type: 'int', low: 16, high: 256, step: 16 },
      epochs: { type: 'fixed', value: 5 },
    };
    const draw = (u: () => number): ParamSet => ({
      lr: 10 ** (-5 + 4 * u()),
      activation: ['relu', 'tanh', 'elu'][Math.floor(u() * 3)]!,
      noise: u(),
      units: 16 * (1 + Math.floor(u() * 16)),
      epochs: 5,
    });
    // Accuracy peaks at lr = 1e-3 (on the log scale), helped a little by tanh; noise and units do nothing.
    const acc = (p: ParamSet) => 1 - 0.5 * Math.abs(Math.log10(Number(p.lr)) + 3) - (p.activation === 'tanh' ? 0 : 0.1);
    const result = paramImportance(space, study(400, 7, draw, acc), { direction: 'maximize' });
    expect(names(result).slice(0, 2)).toEqual(['lr', 'activation']);
    expect(names(result)).not.toContain('epochs');
    for (const r of result.slice(2)) expect(r.importance).toBeLessThan(result[1]!.importance / 2);
  });

  it('judges a conditional parameter where it applied, ignoring values stored where it did not', () => {
    const space: SearchSpace = {
      optimizer: { type: 'choice', values: ['adam', 'momentum'] },
      momentum: { type: 'float', low: 0.5, high: 0.99 },
      dropout: { type: 'float', low: 0, high: 0.5 },
    };
    const draw = (u: () => number): ParamSet => {
      const optimizer = u() < 0.5 ? 'adam' : 'momentum';
      // Adam runs carry a momentum too (as old runs stored it), where it has no effect.
      return { optimizer, momentum: 0.5 + 0.49 * u(), dropout: 0.5 * u() };
    };
    // Only momentum runs can be good, and only with momentum near 0.9.
    const loss = (p: ParamSet) => (p.optimizer === 'momentum' ? 5 * Math.abs(Number(p.momentum) - 0.9) : 3);
    const trials = study(400, 11, draw, loss);
    const result = paramImportance(space, trials, { direction: 'minimize', template: 'mlp' });
    expect(result.find((r) => r.name === 'momentum')!.trials).toBe(trials.filter((t) => t.params.optimizer === 'momentum').length);
    expect(names(result)[2]).toBe('dropout');
  });

  it('gives equal shares when there are too few trials to tell, and nothing for an empty space', () => {
    const few = study(2, 1, unitDraw, (p) => Number(p.x1));
    expect(paramImportance(UNIT, few, { direction: 'minimize' }).map((r) => r.importance)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(paramImportance({ e: { type: 'fixed', value: 1 } }, few, { direction: 'minimize' })).toEqual([]);
  });

  it('leaves out failed and running trials', () => {
    const trials = study(200, 3, unitDraw, (p) => Number(p.x1));
    const noisy: AnalysisTrial[] = [...trials, ...trials.map((t) => ({ ...t, number: t.number + 1000, status: 'failed' as const, objective: null }))];
    expect(paramImportance(UNIT, noisy, { direction: 'minimize' })).toEqual(paramImportance(UNIT, trials, { direction: 'minimize' }));
  });
});
