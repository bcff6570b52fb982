import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { loadBaseModel } from '../../../../src/trainer/models/load-base-model';
import { trainLoop } from '../../../../src/trainer/training/train-loop';
import { useTempDir } from '../../../helpers/temp-dir';
import { layerWeights, loadTransfer, trainBase, transferConfig } from './transfer-fixture';

const tempDir = useTempDir('hps-transfer-');

/**
 * Freezing is what makes transfer learning transfer: while the head trains, no base weight may move;
 * while fine-tuning, the first freeze_layers base layers stay put and the rest learn. Checked on every
 * backend this app selects here (cpu and wasm), since each runs its own gradient kernels.
 */
describe.each(['cpu', 'wasm'] as const)('transfer learning on %s', (backend) => {
  it('head phase: base frozen, head learns; fine-tuning: the first freeze_layers stay frozen, the others learn at the lower rate', async () => {
    expect(await tf.setBackend(backend)).toBe(true);
    await tf.ready();
    const { base, meta, cacheDir } = await trainBase(tempDir());
    const config = transferConfig(meta, base, { epochs: 2, finetune_epochs: 2, freeze_layers: 1, drop_top_layers: 1, head_units: 4, learning_rate: 0.05, finetune_lr_factor: 0.1, batch_size: 16 });
    const loaded = await loadTransfer(config, meta, cacheDir);
    const { session } = loaded;
    expect(session.model.layers.map((l) => l.name)).toEqual(['input', 'dense_1', 'dense_2', 'head_dense_1', 'head_output_1']);
    const names = ['dense_1', 'dense_2', 'head_dense_1', 'head_output_1'];
    const snapshot = () => Object.fromEntries(names.map((n) => [n, layerWeights(session, n)]));
    const start = snapshot();
    // The base arrives with its trained weights: the kept layers are the base's own.
    const saved = await loadBaseModel(base.dir);
    expect(start.dense_1).toEqual(saved.getLayer('dense_1').getWeights().flatMap((w) => Array.from(w.dataSync())));
    saved.dispose();
    const byEpoch: Record<string, number[]>[] = [];
    const phases: string[] = [];
    const rates: number[] = [];
    await trainLoop(session, loaded.data, {
      onEpoch: (r) => {
        byEpoch.push(snapshot());
        phases.push(r.state.phase);
        rates.push(r.metrics.lr!);
      },
    });
    expect(tf.getBackend()).toBe(backend);
    expect(phases).toEqual(['head', 'head', 'finetune', 'finetune']);
    expect(rates.map((r) => Number(r.toPrecision(6)))).toEqual([0.05, 0.05, 0.005, 0.005]);
    const headEnd = byEpoch[1]!;
    const end = byEpoch[3]!;
    expect(headEnd.dense_1).toEqual(start.dense_1);
    expect(headEnd.dense_2).toEqual(start.dense_2);
    expect(headEnd.head_dense_1).not.toEqual(start.head_dense_1);
    expect(headEnd.head_output_1).not.toEqual(start.head_output_1);
    expect(end.dense_1).toEqual(start.dense_1);
    expect(end.dense_2).not.toEqual(headEnd.dense_2);
    expect(end.head_output_1).not.toEqual(headEnd.head_output_1);
    loaded.dispose();
  });
});
