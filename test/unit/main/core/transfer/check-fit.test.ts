import { describe, expect, it } from 'vitest';
import { fitProblems } from '../../../../../src/main/core/transfer/check-fit';
import type { BaseModelRef } from '../../../../../src/shared/domain/base-model';
import type { DatasetMeta } from '../../../../../src/shared/domain/dataset';

const base: BaseModelRef = {
  id: 1,
  name: 'shapes-base',
  dir: '/b',
  inputShape: [16, 16, 1],
  normalization: { mean: [0.1], std: [0.3] },
  featureNames: null,
  valueRange: [0, 1],
  layers: [],
};

const dataset = (over: Partial<DatasetMeta>): DatasetMeta => ({
  id: 'dddddddd',
  name: 'pets',
  kind: 'image',
  task: 'multiclass',
  inputShape: [16, 16, 1],
  featureNames: ['gray'],
  classNames: ['a', 'b'],
  splits: { train: 1, val: 1, test: 1 },
  normalization: { mean: [0.2], std: [0.25] },
  stats: { mean: [0.2], std: [0.25], min: [0], max: [1] },
  source: 'x',
  createdAt: 't',
  ...over,
});

describe('fitProblems', () => {
  it('accepts a dataset of the same shape, channels and scale (normalizations may differ: the base’s is used)', () => {
    expect(fitProblems(base, dataset({}))).toEqual([]);
  });

  it('names each difference with both sides', () => {
    expect(fitProblems(base, dataset({ inputShape: [28, 28, 3], normalization: { mean: [1, 2, 3], std: [1, 1, 1] }, stats: { mean: [0], std: [1], min: [0], max: [255] } }))).toEqual([
      'input shape: base model shapes-base takes [16, 16, 1], dataset pets has [28, 28, 3]',
      'preprocessing: base model shapes-base normalizes 1 channels, dataset pets has 3',
      "value range: base model shapes-base was trained on raw values in [0, 1], dataset pets's are in [0, 255]; import it on the same scale",
    ]);
  });

  it('tabular: the same columns in the same order', () => {
    const tab = { ...base, inputShape: [3], normalization: null, valueRange: null, featureNames: ['age', 'income', 'city'] };
    const ds = dataset({ kind: 'tabular', inputShape: [3], featureNames: ['age', 'city', 'income'], normalization: { mean: [0, 0, 0], std: [1, 1, 1] } });
    expect(fitProblems(tab, ds)).toEqual(['features: base model shapes-base was trained on 3 columns, dataset pets has 3; column 2 is "income" there and "city" here']);
    expect(fitProblems(tab, { ...ds, featureNames: ['age', 'income', 'city'] })).toEqual([]);
  });
});
