import { describe, expect, it } from 'vitest';
import { resolveTrialConfig } from '../../../../src/shared/domain/hparams';
import { slowPathsFor } from '../../../../src/trainer/backends/slow-paths';

describe('slowPathsFor', () => {
  const cnn = (batch_norm: boolean) => resolveTrialConfig('cnn', 'multiclass', 1, { batch_norm });

  it('records batch normalization in a CNN on wasm', () => {
    const paths = slowPathsFor(cnn(true), 'wasm');
    expect(paths).toHaveLength(1);
    expect(paths[0]).toMatch(/^BatchNormalization after Conv2D: /);
  });

  it('records nothing for the same CNN without batch norm, for an MLP with it, or on other backends', () => {
    expect(slowPathsFor(cnn(false), 'wasm')).toEqual([]);
    expect(slowPathsFor(resolveTrialConfig('mlp', 'multiclass', 1, { batch_norm: true }), 'wasm')).toEqual([]);
    expect(slowPathsFor(cnn(true), 'cpu')).toEqual([]);
    expect(slowPathsFor(cnn(true), 'tensorflow')).toEqual([]);
  });
});
