import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { perSampleLoss, resolveLossName, targetsFor } from '../../../../src/trainer/models/losses';
import { useCpu } from '../fixtures/sessions';

beforeAll(useCpu);
const values = (t: tf.Tensor) => Array.from(t.dataSync());

describe('losses', () => {
  it("resolves 'auto' per task and refuses a cross-entropy that does not fit", () => {
    expect(resolveLossName('binary', 'auto')).toBe('binary_crossentropy');
    expect(resolveLossName('multiclass', 'auto')).toBe('categorical_crossentropy');
    expect(resolveLossName('regression', 'auto')).toBe('mse');
    expect(resolveLossName('binary', 'huber')).toBe('huber');
    expect(() => resolveLossName('regression', 'binary_crossentropy')).toThrow(/loss: 'binary_crossentropy' does not fit a regression task/);
    expect(() => resolveLossName('binary', 'categorical_crossentropy')).toThrow(/does not fit a binary task/);
  });

  it('turns sparse labels into the shapes each head needs', () => {
    tf.tidy(() => {
      expect(targetsFor('multiclass', tf.tensor1d([2, 0]), 3).arraySync()).toEqual([
        [0, 0, 1],
        [1, 0, 0],
      ]);
      expect(targetsFor('binary', tf.tensor1d([1, 0]), 2).shape).toEqual([2, 1]);
    });
  });

  it('computes one value per sample', () => {
    tf.tidy(() => {
      const y = tf.tensor2d([[0], [2]]);
      const p = tf.tensor2d([[1], [2.5]]);
      expect(values(perSampleLoss('mse', 1)(y, p))).toEqual([1, 0.25]);
      expect(values(perSampleLoss('mae', 1)(y, p))).toEqual([1, 0.5]);
      // huber(δ=1): 0.5·e² inside |e| ≤ 1, δ(|e| − δ/2) outside
      const huber = values(perSampleLoss('huber', 1)(tf.tensor2d([[0], [0]]), tf.tensor2d([[3], [0.5]])));
      expect(huber[0]).toBeCloseTo(2.5, 6);
      expect(huber[1]).toBeCloseTo(0.125, 6);
      const bce = values(perSampleLoss('binary_crossentropy', 1)(tf.tensor2d([[1], [0]]), tf.tensor2d([[0.8], [0.25]])));
      expect(bce[0]).toBeCloseTo(-Math.log(0.8), 5);
      expect(bce[1]).toBeCloseTo(-Math.log(0.75), 5);
      const cce = values(perSampleLoss('categorical_crossentropy', 1)(tf.tensor2d([[0, 1]]), tf.tensor2d([[0.3, 0.7]])));
      expect(cce[0]).toBeCloseTo(-Math.log(0.7), 5);
    });
  });
});
