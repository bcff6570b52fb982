import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSplit } from '../../../../src/formats/dataset-cache';
import { evaluateSplit } from '../../../../src/trainer/metrics/evaluate';
import { useTempDir } from '../../../helpers/temp-dir';
import { configFor, loadSession, useCpu } from '../fixtures/sessions';
import { writeBinaryDataset, writeRegressionDataset } from '../fixtures/synthetic-dataset';

beforeAll(useCpu);
const tempDir = useTempDir('hps-eval-');

describe('evaluateSplit', () => {
  it('counts the confusion matrix and loss of a model that always answers "yes"', async () => {
    const dir = path.join(tempDir(), 'ds');
    const meta = writeBinaryDataset(dir, { train: 20, val: 37 }); // 37: batches of 8 leave a remainder
    const loaded = loadSession(configFor('mlp', meta, { hidden_layers: 0, batch_size: 8 }), meta, dir);
    const head = loaded.session.model.layers.at(-1)!;
    head.setWeights([tf.zeros([4, 1]), tf.tensor1d([2])]);
    const p = 1 / (1 + Math.exp(-2));
    const labels = Array.from(readSplit(dir, meta, 'val').y);
    const positives = labels.filter((y) => y === 1).length;
    const negatives = labels.length - positives;

    const { metrics, confusion } = await evaluateSplit(loaded.session, loaded.data.val);
    loaded.dispose();
    expect(confusion).toEqual([
      [0, negatives],
      [0, positives],
    ]);
    expect(metrics.val_accuracy).toBeCloseTo(positives / 37, 6);
    expect(metrics.val_recall).toBeCloseTo(0.5, 6);
    expect(metrics.val_loss).toBeCloseTo((positives * -Math.log(p) + negatives * -Math.log(1 - p)) / 37, 5);
  });

  it('reports mse and mae for regression, with the weight penalty in val_loss', async () => {
    const dir = path.join(tempDir(), 'ds');
    const meta = writeRegressionDataset(dir, { train: 10, val: 5 });
    const loaded = loadSession(configFor('mlp', meta, { hidden_layers: 1, units: 2, l2: 0.5 }), meta, dir);
    const [dense, head] = loaded.session.model.layers.filter((l) => l.getClassName() === 'Dense');
    dense!.setWeights([tf.ones([3, 2]), tf.zeros([2])]);
    head!.setWeights([tf.zeros([2, 1]), tf.tensor1d([1])]); // predicts 1 everywhere
    const y = Array.from(readSplit(dir, meta, 'val').y);
    const mse = y.reduce((s, v) => s + (v - 1) ** 2, 0) / y.length;
    const mae = y.reduce((s, v) => s + Math.abs(v - 1), 0) / y.length;

    const { metrics, confusion } = await evaluateSplit(loaded.session, loaded.data.val);
    loaded.dispose();
    expect(confusion).toBeUndefined();
    expect(metrics.val_mse).toBeCloseTo(mse, 5);
    expect(metrics.val_mae).toBeCloseTo(mae, 5);
    expect(metrics.val_loss).toBeCloseTo(mse + 0.5 * 6, 4); // l2 · Σ(ones[3×2]²)
  });
});
