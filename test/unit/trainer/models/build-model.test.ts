import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatasetMeta } from '../../../../src/shared/domain/dataset';
import type { ParamSet } from '../../../../src/shared/domain/space';
import { buildModel } from '../../../../src/trainer/models/build-model';
import { regularizationPenalty } from '../../../../src/trainer/models/regularization';
import { configFor, useCpu } from '../fixtures/sessions';

beforeAll(useCpu);

const meta = (task: DatasetMeta['task'], inputShape: number[], classNames: string[] = []) => ({ task, inputShape, classNames }) as DatasetMeta;
const tabular = meta('binary', [5], ['a', 'b']);
const images = meta('multiclass', [8, 8, 1], ['a', 'b', 'c']);

function build(template: 'mlp' | 'cnn', m: DatasetMeta, params: ParamSet, seed = 1) {
  return buildModel(configFor(template, m, params, seed), m.inputShape, m.classNames.length);
}
/** Layers after the InputLayer. */
const body = (model: ReturnType<typeof build>) => model.layers.filter((l) => l.getClassName() !== 'InputLayer');
const kinds = (model: ReturnType<typeof build>) => body(model).map((l) => l.getClassName());

describe('buildMlp', () => {
  it('stacks hidden_layers Dense layers with optional LeakyReLU, BatchNorm and Dropout', () => {
    expect(kinds(build('mlp', tabular, { hidden_layers: 2, units: 7 }))).toEqual(['Dense', 'Dense', 'Dense']);
    const full = build('mlp', tabular, { hidden_layers: 2, units: 7, activation: 'leaky_relu', batch_norm: true, dropout: 0.5 });
    expect(kinds(full)).toEqual(['Dense', 'LeakyReLU', 'BatchNormalization', 'Dropout', 'Dense', 'LeakyReLU', 'BatchNormalization', 'Dropout', 'Dense']);
    expect(body(full)[0]!.outputShape).toEqual([null, 7]);
    expect(kinds(build('mlp', tabular, { hidden_layers: 0 }))).toEqual(['Dense']);
  });

  it('ends in 1 sigmoid unit (binary), a softmax per class (multiclass) or 1 linear unit (regression)', () => {
    const head = (m: DatasetMeta) => {
      const layer = build('mlp', m, { hidden_layers: 1 }).layers.at(-1)!;
      return [layer.outputShape, (layer.getConfig() as { activation: string }).activation];
    };
    expect(head(tabular)).toEqual([[null, 1], 'sigmoid']);
    expect(head(meta('multiclass', [5], ['a', 'b', 'c', 'd']))).toEqual([[null, 4], 'softmax']);
    expect(head(meta('regression', [5]))).toEqual([[null, 1], 'linear']);
  });

  it('flattens image input', () => {
    expect(kinds(build('mlp', images, { hidden_layers: 1 }))).toEqual(['Flatten', 'Dense', 'Dense']);
  });

  it('puts the L1/L2 penalty on hidden kernels', () => {
    const penalized = build('mlp', tabular, { hidden_layers: 2, l1: 0.001, l2: 0.01 });
    const kernels = penalized.layers.filter((l) => l.getClassName() === 'Dense').slice(0, 2).map((l) => l.getWeights()[0]!);
    const expected = kernels.reduce((sum, k) => sum + tf.tidy(() => 0.001 * tf.sum(tf.abs(k)).dataSync()[0]! + 0.01 * tf.sum(tf.square(k)).dataSync()[0]!), 0);
    expect(tf.tidy(() => regularizationPenalty(penalized)!.dataSync()[0])).toBeCloseTo(expected, 5);
    expect(regularizationPenalty(build('mlp', tabular, { hidden_layers: 2 }))).toBeNull();
  });

  it('gives the same initial weights for the same seed and different ones for another', () => {
    const weights = (seed: number) => build('mlp', tabular, { hidden_layers: 2, initializer: 'he_normal' }, seed).getWeights().map((w) => Array.from(w.dataSync()));
    expect(weights(5)).toEqual(weights(5));
    expect(weights(6)).not.toEqual(weights(5));
  });
});

describe('buildCnn', () => {
  it('grows filters per block and pools after each block', () => {
    const model = build('cnn', images, { conv_blocks: 2, filters: 4, filters_growth: 2, kernel_size: 3, dense_units: 16 });
    expect(kinds(model)).toEqual(['Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dense', 'Dense']);
    expect(body(model).map((l) => l.outputShape)).toEqual([
      [null, 8, 8, 4],
      [null, 4, 4, 4],
      [null, 4, 4, 8],
      [null, 2, 2, 8],
      [null, 32],
      [null, 16],
      [null, 3],
    ]);
  });

  it('skips pooling that would shrink the map below 1×1, uses avg pooling and strides as asked', () => {
    const model = build('cnn', images, { conv_blocks: 4, filters: 2, filters_growth: 1, pooling: 'avg', dense_units: 0 });
    expect(kinds(model)).toEqual(['Conv2D', 'AveragePooling2D', 'Conv2D', 'AveragePooling2D', 'Conv2D', 'AveragePooling2D', 'Conv2D', 'Flatten', 'Dense']);
    expect(body(model)[6]!.outputShape).toEqual([null, 1, 1, 2]);
    const strided = build('cnn', images, { conv_blocks: 1, filters: 2, stride: 2, padding: 'valid', pooling: 'none', dense_units: 0 });
    expect(body(strided)[0]!.outputShape).toEqual([null, 3, 3, 2]);
  });

  it('adds BatchNorm and Dropout per block, and refuses tabular input or a valid conv that cannot fit', () => {
    const model = build('cnn', images, { conv_blocks: 1, batch_norm: true, dropout: 0.25, activation: 'leaky_relu', dense_units: 4 });
    expect(kinds(model)).toEqual(['Conv2D', 'LeakyReLU', 'BatchNormalization', 'MaxPooling2D', 'Dropout', 'Flatten', 'Dense', 'LeakyReLU', 'BatchNormalization', 'Dropout', 'Dense']);
    expect(() => build('cnn', tabular, {})).toThrow(/template cnn: needs image data/);
    expect(() => build('cnn', images, { conv_blocks: 2, kernel_size: 7, padding: 'valid', pooling: 'none' })).toThrow(/kernel_size: 7/);
  });

  it('runs a forward pass', () => {
    const model = build('cnn', images, {});
    const out = tf.tidy(() => (model.predict(tf.zeros([2, 8, 8, 1])) as tf.Tensor).shape);
    expect(out).toEqual([2, 3]);
  });
});
