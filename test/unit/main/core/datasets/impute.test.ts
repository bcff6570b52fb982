import { describe, expect, it } from 'vitest';
import { describeImputation, imputeFromTrain } from '../../../../../src/main/core/datasets/impute';
import { prepareDataset } from '../../../../../src/main/core/datasets/prepare';

const f32 = (rows: number[][]) => ({ x: Float32Array.from(rows.flat()) });
const rowsOf = (s: { x: Float32Array | Uint8Array }, width: number) => Array.from({ length: s.x.length / width }, (_, r) => Array.from(s.x.subarray(r * width, (r + 1) * width)));

describe('imputeFromTrain', () => {
  it('fills every split with the median of the train rows only', () => {
    const train = f32([[1], [NaN], [2], [4]]);
    const val = f32([[NaN], [100]]);
    const test = f32([[NaN], [200], [300]]);
    const [imputed] = imputeFromTrain(train, [val, test], 1, [{ column: 'a', offset: 0, encoding: 'numeric' }]);
    expect(imputed).toEqual({ column: 'a', value: 2, statistic: 'median', fromTrain: true });
    expect(Array.from(train.x)).toEqual([1, 2, 2, 4]);
    expect(Array.from(val.x)).toEqual([2, 100]);
    expect(Array.from(test.x)).toEqual([2, 200, 300]);
  });

  it('fills a one-hot group with the train mode (ties: first in sorted order), ignoring val/test counts', () => {
    const nan = [NaN, NaN, NaN];
    // Offset 1 in rows of [id, a, b, c]: train has b twice, c twice (tie → b); val is all c.
    const train = f32([[0, 0, 1, 0], [1, 0, 0, 1], [2, ...nan], [3, 0, 1, 0], [4, 0, 0, 1]]);
    const val = f32([[5, 0, 0, 1], [6, 0, 0, 1], [7, 0, 0, 1], [8, ...nan]]);
    const test = f32([[9, ...nan]]);
    const [imputed] = imputeFromTrain(train, [val, test], 4, [{ column: 'cat', offset: 1, encoding: 'onehot', categories: ['a', 'b', 'c'] }]);
    expect(imputed).toMatchObject({ value: 'b', statistic: 'most frequent value', fromTrain: true });
    expect(rowsOf(train, 4)[2]).toEqual([2, 0, 1, 0]);
    expect(rowsOf(val, 4)[3]).toEqual([8, 0, 1, 0]);
    expect(rowsOf(test, 4)[0]).toEqual([9, 0, 1, 0]);
  });

  it('fills an ordinal column with the train mode index', () => {
    const train = f32([[2], [2], [0], [NaN]]);
    const val = f32([[0], [0], [0], [NaN]]);
    const [imputed] = imputeFromTrain(train, [val], 1, [{ column: 'city', offset: 0, encoding: 'ordinal', categories: ['x', 'y', 'z'] }]);
    expect(imputed!.value).toBe('z');
    expect(Array.from(train.x)).toEqual([2, 2, 0, 2]);
    expect(Array.from(val.x)).toEqual([0, 0, 0, 2]);
  });

  it('falls back to 0 / the first category, and says so, when the train split has no value of the column', () => {
    const train = f32([[NaN, NaN, NaN]]);
    const val = f32([[5, 0, 1]]);
    const imputed = imputeFromTrain(train, [val], 3, [
      { column: 'a', offset: 0, encoding: 'numeric' },
      { column: 'c', offset: 1, encoding: 'onehot', categories: ['p', 'q'] },
    ]);
    expect(rowsOf(train, 3)).toEqual([[0, 1, 0]]);
    expect(imputed.map((i) => [i.value, i.fromTrain])).toEqual([[0, false], ['p', false]]);
    expect(describeImputation(imputed[1]!, 1)).toBe(`column 'c': 1 missing, filled with "p" (the training split has no value of it)`);
  });

  it('refuses missing cells in uint8 features (they cannot hold NaN)', () => {
    expect(() => imputeFromTrain({ x: new Uint8Array(2) }, [], 1, [{ column: 'a', offset: 0, encoding: 'numeric' }])).toThrow(/uint8/);
  });
});

describe('prepareDataset with missing values', () => {
  it('imputes after the split and before statistics, and reports the value in columns and notes', () => {
    // 20 rows: feature 0 is missing in every 4th row, so NaN would poison the statistics if left.
    const n = 20;
    const x = Float32Array.from({ length: n }, (_, i) => (i % 4 === 0 ? NaN : i));
    const y = Float32Array.from({ length: n }, (_, i) => i % 2);
    const { meta, splits } = prepareDataset(
      { x, y, inputShape: [1] },
      {
        id: 'd',
        name: 'd',
        kind: 'tabular',
        task: 'binary',
        featureNames: ['a'],
        classNames: ['0', '1'],
        source: 's',
        columns: [{ name: 'a', type: 'numeric', missing: 5 }, { name: 'label', type: 'target', missing: 0 }],
        importNotes: ['from the reader'],
        missing: [{ column: 'a', offset: 0, encoding: 'numeric' }],
      },
    );
    expect(Array.from(splits.train.x).some(Number.isNaN)).toBe(false);
    expect(Array.from(splits.val.x).some(Number.isNaN)).toBe(false);
    expect(Array.from(splits.test.x).some(Number.isNaN)).toBe(false);
    const imputed = meta.columns![0]!.imputed as number;
    expect(typeof imputed).toBe('number');
    expect(meta.columns![1]!.imputed).toBeUndefined();
    expect(meta.importNotes).toEqual(['from the reader', `column 'a': 5 missing, filled with the training split's median ${imputed}`]);
    expect(Number.isFinite(meta.normalization.mean[0])).toBe(true);
  });
});
