import path from 'node:path';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainLoop } from '../../../../src/trainer/training/train-loop';
import { useTempDir } from '../../../helpers/temp-dir';
import { configFor, loadSession } from '../fixtures/sessions';
import { writeBinaryDataset } from '../fixtures/synthetic-dataset';

// The wasm backend has every op an MLP needs; CNN training there relies on the backends module's kernels.
beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
  await tf.ready();
});
const tempDir = useTempDir('hps-wasm-');

describe('trainLoop on wasm', () => {
  it('trains an MLP (dropout, batch norm, L2) deterministically and without leaking tensors', async () => {
    const dir = path.join(tempDir(), 'ds');
    const meta = writeBinaryDataset(dir);
    const run = async () => {
      const loaded = loadSession(configFor('mlp', meta, { epochs: 10, batch_size: 16, learning_rate: 0.01, dropout: 0.1, batch_norm: true, l2: 1e-4 }), meta, dir);
      const epochs: Record<string, number>[] = [];
      const counts: number[] = [];
      await trainLoop(loaded.session, loaded.data, {
        onEpoch: (r) => {
          epochs.push(r.metrics);
          counts.push(tf.memory().numTensors);
        },
      });
      loaded.dispose();
      return { epochs, counts };
    };
    const a = await run();
    const b = await run();
    expect(tf.getBackend()).toBe('wasm');
    expect(a.epochs.at(-1)!.val_accuracy).toBeGreaterThan(0.85);
    expect(b.epochs.map((m) => m.loss)).toEqual(a.epochs.map((m) => m.loss));
    expect(new Set(a.counts.slice(1)).size).toBe(1);
  });
});
