import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { scoreOutputs, type SplitOutputs } from '../../../../src/trainer/ensembles/score-outputs';
import { averageOutputs, greedySelect } from '../../../../src/trainer/ensembles/select-members';

const f32 = (xs: number[]) => Float32Array.from(xs);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('scoreOutputs', () => {
  it('binary: cross-entropy as tfjs computes it, accuracy and macro scores from the confusion matrix', () => {
    const split: SplitOutputs = { task: 'binary', units: 1, labels: f32([1, 0, 1, 0]) };
    const out = f32([0.9, 0.2, 0.4, 0.6]);
    const { metrics, confusion } = scoreOutputs(split, out, 'val_');
    const expected = tf.tidy(() => tf.mean(tfl.metrics.binaryCrossentropy(tf.tensor2d([1, 0, 1, 0], [4, 1]), tf.tensor2d(Array.from(out), [4, 1]))).dataSync()[0]!);
    expect(metrics.val_loss).toBeCloseTo(expected, 5);
    expect(confusion).toEqual([
      [1, 1],
      [1, 1],
    ]);
    expect(metrics.val_accuracy).toBe(0.5);
    expect(metrics.val_f1).toBe(0.5);
  });

  it('multiclass: categorical cross-entropy of the true class, argmax predictions', () => {
    const split: SplitOutputs = { task: 'multiclass', units: 3, labels: f32([2, 0]) };
    const out = f32([0.1, 0.2, 0.7, 0.5, 0.3, 0.2]);
    const { metrics } = scoreOutputs(split, out, 'val_');
    expect(metrics.val_loss).toBeCloseTo(-(Math.log(0.7) + Math.log(0.5)) / 2, 6);
    expect(metrics.val_accuracy).toBe(1);
  });

  it('regression: mean squared and absolute error, the loss being the mse', () => {
    const { metrics } = scoreOutputs({ task: 'regression', units: 1, labels: f32([1, 2, 3]) }, f32([1.5, 2, 1]), 'test_');
    expect(metrics).toEqual({ test_loss: (0.25 + 0 + 4) / 3, test_mse: (0.25 + 0 + 4) / 3, test_mae: (0.5 + 0 + 2) / 3 });
  });

  it('refuses outputs of the wrong size', () => {
    expect(() => scoreOutputs({ task: 'binary', units: 1, labels: f32([1, 0]) }, f32([0.5]), 'val_')).toThrow(/1 values, expected 2 rows × 1/);
  });
});

describe('averageOutputs and greedySelect', () => {
  it('averages with weights', () => {
    expect(Array.from(averageOutputs([f32([0, 1]), f32([1, 0])], [3, 1]))).toEqual([0.25, 0.75]);
    expect(() => averageOutputs([f32([1])], [0])).toThrow(/positive weight/);
  });

  it('Caruana selection with replacement: picks the best alone first, adds what helps, keeps the best prefix', () => {
    // Three rows, label 1 each. Member A is confident and right on rows 1-2 but wrong on row 3; B is
    // right on row 3 only; C is hedged everywhere. The best ensemble mixes A and B.
    const split: SplitOutputs = { task: 'binary', units: 1, labels: f32([1, 1, 1]) };
    const a = f32([0.95, 0.95, 0.2]);
    const b = f32([0.3, 0.3, 0.95]);
    const c = f32([0.55, 0.55, 0.55]);
    const objective = { metric: 'val_loss', direction: 'minimize' as const };
    const { weights, trace } = greedySelect(split, [a, b, c], objective, 6);
    // Step 1 takes the single best member.
    const alone = [a, b, c].map((o) => scoreOutputs(split, o, 'val_').metrics.val_loss!);
    expect(trace[0]).toBeCloseTo(Math.min(...alone), 12);
    expect(trace).toHaveLength(6);
    // The returned weights are those of the best step, and they score exactly that value.
    const bestStep = trace.indexOf(Math.min(...trace));
    expect(weights.reduce((s, w) => s + w, 0)).toBe(bestStep + 1);
    expect(scoreOutputs(split, averageOutputs([a, b, c], weights), 'val_').metrics.val_loss).toBeCloseTo(trace[bestStep]!, 5);
    expect(weights[0]).toBeGreaterThan(0);
    expect(weights[1]).toBeGreaterThan(0);
    expect(Math.min(...trace)).toBeLessThan(Math.min(...alone));
  });

  it('maximizes an objective that wants to be high', () => {
    const split: SplitOutputs = { task: 'binary', units: 1, labels: f32([1, 0]) };
    const { weights } = greedySelect(split, [f32([0.4, 0.6]), f32([0.9, 0.1])], { metric: 'val_accuracy', direction: 'maximize' }, 3);
    expect(weights).toEqual([0, 1]);
  });
});
