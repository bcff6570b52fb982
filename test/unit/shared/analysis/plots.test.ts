import { describe, expect, it } from 'vitest';
import { contourData } from '../../../../src/shared/analysis/contour';
import { optimizationHistory } from '../../../../src/shared/analysis/history';
import { sliceData } from '../../../../src/shared/analysis/slice';
import type { AnalysisTrial } from '../../../../src/shared/analysis/trials';
import type { SearchSpace } from '../../../../src/shared/domain/space';
import { mulberry32 } from '../../../../src/shared/random';

const t = (number: number, status: AnalysisTrial['status'], objective: number | null, startedAt: number, finishedAt: number | null, params = {}): AnalysisTrial => ({ number, status, objective, startedAt, finishedAt, params });

describe('optimizationHistory', () => {
  const trials = [
    t(1, 'completed', 0.8, 0, 50_000),
    t(2, 'completed', 0.5, 0, 20_000),
    t(3, 'pruned', 0.1, 10_000, 15_000), // pruned: drawn, never the best
    t(4, 'failed', null, 20_000, 21_000),
    t(5, 'completed', 0.6, 30_000, 40_000),
    t(6, 'running', null, 45_000, null),
  ];

  it('gives objective and best so far by trial number; only completed trials set the best', () => {
    const { byTrial } = optimizationHistory(trials, { direction: 'minimize' });
    expect(byTrial.map((p) => [p.number, p.value, p.best])).toEqual([
      [1, 0.8, 0.8],
      [2, 0.5, 0.5],
      [3, 0.1, 0.5],
      [4, null, 0.5],
      [5, 0.6, 0.5],
      [6, null, 0.5],
    ]);
  });

  it('gives the best over wall time, in the order trials finished', () => {
    const { byTime } = optimizationHistory(trials, { direction: 'maximize' });
    expect(byTime.map((p) => [p.number, p.elapsedSec, p.best])).toEqual([
      [3, 15, null],
      [2, 20, 0.5],
      [4, 21, 0.5],
      [5, 40, 0.6],
      [1, 50, 0.8],
    ]);
  });
});

describe('sliceData', () => {
  it('gives one panel per searched parameter on its own axis, with the trials where it applied', () => {
    const space: SearchSpace = {
      optimizer: { type: 'choice', values: ['adam', 'momentum'] },
      momentum: { type: 'float', low: 0.5, high: 0.99 },
      learning_rate: { type: 'log-float', low: 1e-4, high: 1e-1 },
      epochs: { type: 'fixed', value: 5 },
    };
    const trials = [
      t(1, 'completed', 0.3, 0, 1, { optimizer: 'adam', momentum: 0.9, learning_rate: 1e-3, epochs: 5 }),
      t(2, 'completed', 0.2, 0, 1, { optimizer: 'momentum', momentum: 0.8, learning_rate: 1e-2, epochs: 5 }),
      t(3, 'failed', null, 0, 1, { optimizer: 'momentum', momentum: 0.7, learning_rate: 1e-2, epochs: 5 }),
    ];
    const slices = sliceData(space, trials, { direction: 'minimize', template: 'mlp' });
    expect(slices.map((s) => [s.axis.name, s.axis.scale])).toEqual([
      ['learning_rate', 'log'],
      ['momentum', 'linear'],
      ['optimizer', 'categorical'],
    ]);
    expect(slices[1]!.points).toEqual([{ number: 2, x: 0.8, objective: 0.2 }]);
    expect(slices[0]!.points).toHaveLength(2);
  });
});

describe('contourData', () => {
  const space: SearchSpace = { a: { type: 'float', low: 0, high: 1 }, lr: { type: 'log-float', low: 1e-4, high: 1 }, act: { type: 'choice', values: ['relu', 'tanh'] } };
  const rng = mulberry32(5);
  const trials = Array.from({ length: 300 }, (_, i) => {
    const a = rng();
    const lr = 10 ** (-4 + 4 * rng());
    const act = rng() < 0.5 ? 'relu' : 'tanh';
    return t(i + 1, 'completed', a + Math.log10(lr) / 4 + (act === 'tanh' ? 1 : 0), 0, 1, { a, lr, act });
  });

  it('smooths the objective onto a grid (log axes geometric) that follows the trials', () => {
    const c = contourData(space, trials, 'a', 'lr', { direction: 'minimize' }, { resolution: 11 })!;
    expect(c.xs).toHaveLength(11);
    expect(c.xs[5]).toBeCloseTo(0.5);
    expect(c.ys[0]).toBeCloseTo(1e-4);
    expect(c.ys[5]).toBeCloseTo(1e-2);
    expect(c.z).toHaveLength(11);
    // The surface rises with a and with log10(lr): the corner (1, 1) is far above (0, 1e-4).
    expect(c.z[10]![10]! - c.z[0]![0]!).toBeGreaterThan(1);
    // In the middle, kernel regression is close to the true value a + log10(lr)/4 + 0.5.
    expect(c.z[5]![5]!).toBeCloseTo(0.5, 0);
    expect(c.points).toHaveLength(300);
  });

  it('puts categories at their index, and leaves cells with no trial near them empty', () => {
    const c = contourData(space, trials, 'act', 'a', { direction: 'minimize' })!;
    expect(c.xs).toEqual([0, 1]);
    expect(c.z[15]![1]! - c.z[15]![0]!).toBeCloseTo(1, 0);
    const corner = contourData(space, trials.filter((tr) => Number(tr.params.a) < 0.3 && Number(tr.params.lr) < 1e-3), 'a', 'lr', { direction: 'minimize' }, { resolution: 10 })!;
    expect(corner.z[0]![0]).not.toBeNull();
    expect(corner.z[9]![9]).toBeNull();
  });

  it('refuses an unknown, fixed or repeated parameter', () => {
    expect(contourData(space, trials, 'a', 'nope', { direction: 'minimize' })).toBeNull();
    expect(contourData(space, trials, 'a', 'a', { direction: 'minimize' })).toBeNull();
  });
});
