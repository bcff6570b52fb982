import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainLoop } from '../../../../src/trainer/training/train-loop';
import { configFor, loadSession, useCpu } from '../fixtures/sessions';
import { useTempDir } from '../../../helpers/temp-dir';
import { writeBinaryDataset, writeImageDataset, writeRegressionDataset } from '../fixtures/synthetic-dataset';

beforeAll(useCpu);
const tempDir = useTempDir('hps-trainer-');

describe('trainLoop', () => {
  it('learns a binary problem: validation accuracy climbs clearly over 15 epochs', async () => {
    const dir = path.join(tempDir(), 'ds');
    const meta = writeBinaryDataset(dir);
    const loaded = loadSession(configFor('mlp', meta, { epochs: 15, batch_size: 16, learning_rate: 0.01, hidden_layers: 1, units: 16 }), meta, dir);
    const epochs: Record<string, number>[] = [];
    const outcome = await trainLoop(loaded.session, loaded.data, { onEpoch: (r) => void epochs.push(r.metrics) });
    loaded.dispose();
    expect(outcome).toMatchObject({ epochsDone: 15, stoppedBy: 'completed' });
    const first = epochs[0]!;
    const last = epochs[14]!;
    expect(last.val_accuracy).toBeGreaterThan(0.9);
    expect(last.val_accuracy! - first.val_accuracy!).toBeGreaterThan(0.1);
    expect(last.loss).toBeLessThan(first.loss! * 0.6);
    for (const key of ['loss', 'val_loss', 'accuracy', 'val_accuracy', 'val_precision', 'val_recall', 'val_f1', 'lr', 'epoch_time_ms', 'samples_per_sec']) {
      expect(last[key], key).toBeTypeOf('number');
    }
  });

  it('reports mse/mae for regression and the error goes down', async () => {
    const dir = path.join(tempDir(), 'ds');
    const meta = writeRegressionDataset(dir);
    const loaded = loadSession(configFor('mlp', meta, { epochs: 8, batch_size: 16, learning_rate: 0.01, hidden_layers: 1, units: 16 }), meta, dir);
    const epochs: Record<string, number>[] = [];
    await trainLoop(loaded.session, loaded.data, { onEpoch: (r) => void epochs.push(r.metrics) });
    loaded.dispose();
    expect(Object.keys(epochs[0]!).sort()).toEqual(['epoch_time_ms', 'loss', 'lr', 'mae', 'mse', 'samples_per_sec', 'val_loss', 'val_mae', 'val_mse'].sort());
    expect(epochs[7]!.val_mse).toBeLessThan(epochs[0]!.val_mse! * 0.5);
  });

  it('gives identical curves for the same seed and config (dropout and batch norm included)', async () => {
    const dir = path.join(tempDir(), 'ds');
    const meta = writeBinaryDataset(dir);
    const run = async (seed: number) => {
      const loaded = loadSession(configFor('mlp', meta, { epochs: 4, batch_size: 16, dropout: 0.3, batch_norm: true }, seed), meta, dir);
      const losses: number[] = [];
      await trainLoop(loaded.session, loaded.data, { onEpoch: (r) => void losses.push(r.metrics.loss!, r.metrics.val_loss!) });
      loaded.dispose();
      return losses;
    };
    const a = await run(3);
    const b = await run(3);
    const c = await run(4);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('keeps the number of tensors constant from epoch 2 to 100', async () => {
    const dir = path.join(tempDir(), 'ds');
    const meta = writeBinaryDataset(dir, { train: 24, val: 8 });
    const loaded = loadSession(configFor('mlp', meta, { epochs: 100, batch_size: 24, dropout: 0.2, batch_norm: true, l2: 1e-3 }), meta, dir);
    const counts: number[] = [];
    await trainLoop(loaded.session, loaded.data, { onEpoch: () => void counts.push(tf.memory().numTensors) });
    loaded.dispose();
    expect(counts).toHaveLength(100);
    expect(new Set(counts.slice(1))).toEqual(new Set([counts[1]]));
  });

  it('stops early after es_patience epochs without improvement', async () => {
    const dir = path.join(tempDir(), 'ds');
    const meta = writeBinaryDataset(dir);
    // A huge min_delta makes every epoch after the first "no improvement".
    const loaded = loadSession(configFor('mlp', meta, { epochs: 30, early_stopping: true, es_patience: 3, es_min_delta: 100 }), meta, dir);
    const outcome = await trainLoop(loaded.session, loaded.data);
    loaded.dispose();
    expect(outcome).toMatchObject({ epochsDone: 4, bestEpoch: 1, stoppedBy: 'early_stopping' });
  });

  it('stops at the epoch boundary when the host asks', async () => {
    const dir = path.join(tempDir(), 'ds');
    const meta = writeBinaryDataset(dir, { train: 32, val: 8 });
    const loaded = loadSession(configFor('mlp', meta, { epochs: 10 }), meta, dir);
    let seen = 0;
    const outcome = await trainLoop(loaded.session, loaded.data, { onEpoch: () => void seen++, shouldStop: () => (seen >= 2 ? 'pruned' : null) });
    loaded.dispose();
    expect(outcome).toMatchObject({ epochsDone: 2, stoppedBy: 'pruned' });
  });

  it('reports the scheduled learning rate and adds the L2 penalty to the training loss', async () => {
    const dir = path.join(tempDir(), 'ds');
    const meta = writeBinaryDataset(dir, { train: 32, val: 16 });
    const firstEpoch = async (params: Record<string, number | string>) => {
      const loaded = loadSession(configFor('mlp', meta, { epochs: 3, learning_rate: 0.1, ...params }), meta, dir);
      const epochs: Record<string, number>[] = [];
      await trainLoop(loaded.session, loaded.data, { onEpoch: (r) => void epochs.push(r.metrics) });
      loaded.dispose();
      return epochs;
    };
    const plain = await firstEpoch({ lr_schedule: 'step', lr_step_size: 1, lr_gamma: 0.5 });
    expect(plain.map((m) => m.lr)).toEqual([0.1, 0.05, 0.025]);
    const penalized = await firstEpoch({ lr_schedule: 'step', lr_step_size: 1, lr_gamma: 0.5, l2: 0.1 });
    expect(penalized[0]!.loss! - plain[0]!.loss!).toBeGreaterThan(0.05);
  });

  it('trains a CNN on 8×8×1 images', async () => {
    const dir = path.join(tempDir(), 'ds');
    const meta = writeImageDataset(dir);
    const config = configFor('cnn', meta, { epochs: 6, batch_size: 8, learning_rate: 0.01, conv_blocks: 2, filters: 4, dense_units: 8, batch_norm: true, dropout: 0.1 });
    const loaded = loadSession(config, meta, dir);
    const epochs: Record<string, number>[] = [];
    await trainLoop(loaded.session, loaded.data, { onEpoch: (r) => void epochs.push(r.metrics) });
    loaded.dispose();
    expect(epochs[5]!.loss).toBeLessThan(epochs[0]!.loss!);
    expect(epochs[5]!.val_accuracy).toBeGreaterThan(0.6);
  });
});
