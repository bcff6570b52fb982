import { describe, expect, it } from 'vitest';
import { isHparamActive } from '../../../../../src/shared/domain/conditional-hparams';
import type { ParamSet } from '../../../../../src/shared/domain/space';
import { createSearch } from '../../../../../src/main/core/search/create-search';
import { parseStudySpec } from '../../../../../src/main/core/search/load-spec';
import type { SearchAlgorithm, TrialRecord } from '../../../../../src/main/core/search/types';

const SPACE = `space:
  optimizer: [sgd, momentum, nesterov, adam]
  momentum: {type: float, low: 0.5, high: 0.99, gridPoints: 3}
  lr_schedule: [constant, step]
  lr_step_size: [2, 5]
  hidden_layers: [0, 1, 2]
  units: [8, 32]
  epochs: 3
`;
const spec = (algorithm: string) => parseStudySpec(`name: c\ndataset: sample:binary-1000x10\ntemplate: mlp\nalgorithm: ${algorithm}\nseed: 3\nbudget: {maxTrials: 60}\n${SPACE}`, 'c.yaml');

/** Runs the sampler as a study would, the objective favouring momentum with many units. */
function run(search: SearchAlgorithm, n: number): ParamSet[] {
  const history: TrialRecord[] = [];
  for (let k = 0; k < n; k++) {
    const params = search.suggest(history);
    if (!params) break;
    const objective = (params.optimizer === 'momentum' ? 0 : 1) + (params.units === 32 ? 0 : 0.5) + Math.abs(Number(params.momentum ?? 0.7) - 0.9);
    history.push({ number: k + 1, params, status: 'completed', objective });
  }
  return history.map((t) => t.params);
}

describe('conditional parameters in every sampler', () => {
  for (const algorithm of ['grid', 'random', 'tpe']) {
    it(`${algorithm} never emits a parameter where it does not apply, and always emits it where it does`, () => {
      const points = run(createSearch(spec(algorithm)), 60);
      expect(points.length).toBeGreaterThan(20);
      for (const p of points) {
        for (const name of ['momentum', 'lr_step_size', 'units']) expect(name in p).toBe(isHparamActive('mlp', name, p));
        expect(p.epochs).toBe(3);
      }
      expect(points.some((p) => 'momentum' in p)).toBe(true);
      expect(points.some((p) => !('momentum' in p))).toBe(true);
    });
  }

  it('grid search tries each distinct configuration once (adam once, not once per momentum)', () => {
    const search = createSearch(spec('grid'));
    const points = run(search, 1000);
    // optimizer × momentum: 2 momentum optimizers × 3 momenta + 2 others = 8; schedule: constant + step × 2 = 3;
    // layers × units: 0 layers (no units) + 2 × 2 = 5.
    expect(search.size()).toBe(8 * 3 * 5);
    expect(points).toHaveLength(8 * 3 * 5);
    expect(new Set(points.map((p) => JSON.stringify(p))).size).toBe(points.length);
  });

  it('random search knows the exact size of a finite conditional space and stops there', () => {
    const finite = parseStudySpec(`name: c\ndataset: sample:binary-1000x10\ntemplate: mlp\nseed: 1\nbudget: {maxTrials: 60}\nspace:\n  optimizer: [adam, momentum]\n  momentum: [0.8, 0.9]\n`, 'c.yaml');
    const search = createSearch(finite);
    expect(search.size()).toBe(3);
    expect(run(search, 10)).toHaveLength(3);
  });

  it('TPE models a conditional parameter only from trials where it applied', () => {
    const tpe = parseStudySpec(`name: c\ndataset: sample:binary-1000x10\ntemplate: mlp\nalgorithm: tpe\nseed: 5\nbudget: {maxTrials: 99}\nspace:\n  optimizer: [momentum, adam]\n  momentum: {type: float, low: 0.5, high: 0.99}\n`, 'c.yaml');
    // Momentum runs, best near 0.9; and adam runs, where momentum has no effect.
    const history = (adamMomentum: (k: number) => ParamSet): TrialRecord[] =>
      Array.from({ length: 40 }, (_, k): TrialRecord => {
        if (k % 2 === 1) return { number: k + 1, params: { optimizer: 'adam', ...adamMomentum(k) }, status: 'completed', objective: 0.2 + (k % 7) / 10 };
        const momentum = 0.5 + (0.49 * k) / 39;
        return { number: k + 1, params: { optimizer: 'momentum', momentum }, status: 'completed', objective: Math.abs(momentum - 0.9) };
      });
    const suggestions = (h: TrialRecord[]) => {
      const search = createSearch(tpe);
      return Array.from({ length: 12 }, (_, k) => search.suggest([...h, ...Array.from({ length: k }, (_, i): TrialRecord => ({ number: 41 + i, params: {}, status: 'running', objective: null }))]));
    };
    const clean = suggestions(history(() => ({})));
    // Old runs stored a momentum under adam (it had no effect): modelled, those values would move the suggestions.
    expect(suggestions(history((k) => ({ momentum: 0.5 + k / 100 })))).toEqual(clean);
    expect(clean.filter((p) => p!.optimizer === 'momentum').every((p) => typeof p!.momentum === 'number')).toBe(true);
    expect(clean.filter((p) => p!.optimizer === 'adam').every((p) => !('momentum' in p!))).toBe(true);
  });
});
