import { describe, expect, it } from 'vitest';
import { prepareDataset } from '../../../../../src/main/core/datasets/prepare';
import { groupStats } from '../../../../../src/main/core/datasets/stats';

const OPTS = { id: 'abcdef0123', name: 'toy', kind: 'tabular' as const, task: 'binary' as const, featureNames: ['a'], classNames: ['no', 'yes'], source: 'test' };

describe('prepareDataset', () => {
  it('computes normalization and stats on the training split only', () => {
    // Feature value = row index: train, val and test rows have clearly different means.
    const n = 200;
    const x = Float32Array.from({ length: n }, (_, i) => i);
    const y = Float32Array.from({ length: n }, (_, i) => i % 2);
    const { meta, splits } = prepareDataset({ x, y, inputShape: [1] }, OPTS);
    const train = groupStats(splits.train.x, [1]);
    const all = groupStats(x, [1]);
    expect(meta.normalization.mean).toEqual(train.mean);
    expect(meta.normalization.std).toEqual(train.std);
    expect(meta.stats).toEqual(train);
    expect(meta.normalization.mean[0]).not.toBeCloseTo(all.mean[0]!, 6);
  });

  it('keeps rows and labels together and records counts per split', () => {
    const x = Float32Array.from({ length: 100 * 2 }, (_, j) => Math.floor(j / 2) * 10 + (j % 2));
    const y = Float32Array.from({ length: 100 }, (_, i) => (i < 80 ? 0 : 1));
    const { meta, splits } = prepareDataset({ x, y, inputShape: [2] }, { ...OPTS, featureNames: ['a', 'b'] });
    expect(meta.splits).toEqual({ train: 70, val: 15, test: 15 });
    expect(meta.classCounts).toEqual({ train: [56, 14], val: [12, 3], test: [12, 3] });
    for (const split of ['train', 'val', 'test'] as const) {
      const { x: sx, y: sy } = splits[split];
      for (let r = 0; r < sy.length; r++) {
        const row = sx[r * 2]! / 10;
        expect(sx[r * 2 + 1]).toBe(row * 10 + 1);
        expect(sy[r]).toBe(row < 80 ? 0 : 1);
      }
    }
  });

  it('leaves class names and counts out for regression', () => {
    const { meta } = prepareDataset({ x: new Float32Array(20), y: new Float32Array(20), inputShape: [1] }, { ...OPTS, task: 'regression' });
    expect(meta.classNames).toEqual([]);
    expect(meta.classCounts).toBeUndefined();
  });

  it('refuses arrays whose sizes disagree', () => {
    expect(() => prepareDataset({ x: new Float32Array(5), y: new Float32Array(2), inputShape: [2] }, OPTS)).toThrow(/toy: 5 feature values do not make 2 rows of 2/);
  });
});
