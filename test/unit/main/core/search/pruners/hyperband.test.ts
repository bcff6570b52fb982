import { describe, expect, it } from 'vitest';
import { parseStudySpec } from '../../../../../../src/main/core/search/load-spec';
import { createPruner, maxEpochsOf } from '../../../../../../src/main/core/search/pruners/create-pruner';
import { bracketBudgets, bracketCount, createHyperbandPruner, hyperbandBracket } from '../../../../../../src/main/core/search/pruners/hyperband';
import type { TrialRecord } from '../../../../../../src/main/core/search/types';

const OPTS = { minEpochs: 1, maxEpochs: 27, reductionFactor: 3 };
const trial = (number: number, start: number, values: number[]): TrialRecord => ({
  number,
  params: {},
  status: 'running',
  objective: null,
  intermediate: values.map((value, i) => ({ step: i + 1, value, time: start + i + 1 })),
});

describe('Hyperband pruner', () => {
  it('has ⌊log_η(max/min)⌋ + 1 brackets with Hyperband budgets', () => {
    expect(bracketCount(OPTS)).toBe(4);
    expect(bracketBudgets(OPTS)).toEqual([27, 12, 6, 4]);
    expect(bracketCount({ minEpochs: 1, maxEpochs: 20, reductionFactor: 3 })).toBe(3);
  });

  it('draws each trial\'s bracket from (seed, trial number), in proportion to the budgets', () => {
    expect(hyperbandBracket(7, 12, OPTS)).toBe(hyperbandBracket(7, 12, OPTS));
    const counts = [0, 0, 0, 0];
    for (let n = 1; n <= 4900; n++) counts[hyperbandBracket(7, n, OPTS)]!++;
    // Budgets 27:12:6:4 of 49 → about 2700, 1200, 600, 400.
    expect(counts[0]).toBeGreaterThan(2500);
    expect(counts[0]).toBeLessThan(2900);
    expect(counts[3]).toBeGreaterThan(300);
    expect(counts[3]).toBeLessThan(500);
  });

  it('judges a trial only against trials of its bracket, from that bracket\'s first rung', () => {
    const seed = 3;
    const pruner = createHyperbandPruner('minimize', seed, OPTS);
    const inBracket = (b: number, from: number) => {
      for (let n = from; ; n++) if (hyperbandBracket(seed, n, OPTS) === b) return n;
    };
    const a = inBracket(0, 1);
    const b = inBracket(0, a + 1);
    const other = inBracket(1, 1);
    // A far better trial in another bracket is no competitor: b, worse than a, stops; alone with `other` it goes on.
    expect(pruner.shouldStop(trial(b, 10, [0.9]), [trial(a, 0, [0.5])])).toMatchObject({ stop: true, bracket: 0, rung: 0 });
    expect(pruner.shouldStop(trial(b, 10, [0.9]), [trial(other, 0, [0.01])])).toMatchObject({ stop: false, bracket: 0 });
    // Bracket 1 starts judging at epoch 3.
    const other2 = inBracket(1, other + 1);
    expect(pruner.shouldStop(trial(other2, 10, [9, 9]), [trial(other, 0, [0.1, 0.1, 0.1])])).toMatchObject({ stop: false, rung: null });
    expect(pruner.shouldStop(trial(other2, 10, [9, 9, 9]), [trial(other, 0, [0.1, 0.1, 0.1])])).toMatchObject({ stop: true, rung: 0, epoch: 3 });
  });

  it('needs trial numbers', () => {
    const pruner = createHyperbandPruner('minimize', 1, OPTS);
    expect(() => pruner.shouldStop({ params: {}, status: 'running', objective: null, intermediate: [] }, [])).toThrow(/trial number/);
  });
});

describe('createPruner', () => {
  const spec = (pruner: string, epochs = '12') =>
    parseStudySpec(`name: p\ndataset: sample:binary-1000x10\ntemplate: mlp\nseed: 2\nbudget: {maxTrials: 4}\npruner: ${pruner}\nspace:\n  epochs: ${epochs}\n`, 'p.yaml');

  it('builds the pruner a spec names, with Optuna\'s defaults, and none for none', () => {
    expect(createPruner(spec('none'))).toBeNull();
    expect(createPruner(spec('median'))!.name).toBe('median');
    expect(createPruner(spec('{type: asha, reductionFactor: 2}'))!.name).toBe('asha');
    expect(createPruner(spec('hyperband'))!.name).toBe('hyperband');
    expect(spec('asha').pruner).toEqual({ type: 'asha', minEpochs: 1, reductionFactor: 4, minEarlyStoppingRate: 0 });
  });

  it('takes the longest trial from the space', () => {
    expect(maxEpochsOf(spec('none', '[5, 30, 10]').space)).toBe(30);
    expect(maxEpochsOf(spec('none', '{type: int, low: 5, high: 40}').space)).toBe(40);
    expect(maxEpochsOf({})).toBe(20);
  });
});
