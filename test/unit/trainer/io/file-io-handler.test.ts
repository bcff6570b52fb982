import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileSystemHandler } from '../../../../src/trainer/io/file-io-handler';
import { buildModel } from '../../../../src/trainer/models/build-model';
import { predictFromBundle } from '../../../../src/trainer/predict';
import { useTempDir } from '../../../helpers/temp-dir';
import { configFor, useCpu } from '../fixtures/sessions';
import { writeBinaryDataset, writeImageDataset } from '../fixtures/synthetic-dataset';

beforeAll(useCpu);
const tempDir = useTempDir('hps-io-');

describe('fileSystemHandler', () => {
  it('saves the standard tfjs layers format and loads it back with identical predictions', async () => {
    const root = tempDir();
    const meta = writeImageDataset(path.join(root, 'ds'));
    const model = buildModel(configFor('cnn', meta, { conv_blocks: 2, filters: 3, batch_norm: true, dropout: 0.1, activation: 'leaky_relu' }), meta.inputShape, 3);
    const x = tf.randomNormal([5, 8, 8, 1], 0, 1, 'float32', 42);
    const before = (model.predict(x) as tf.Tensor).arraySync();

    const dir = path.join(root, 'bundle');
    await model.save(fileSystemHandler(dir));
    expect(fs.readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.modelTopology.class_name).toBe('Sequential');
    expect(json.weightsManifest).toHaveLength(1);
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    const bytes = json.weightsManifest[0].weights.reduce((n: number, w: { shape: number[] }) => n + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
    expect(fs.statSync(path.join(dir, 'weights.bin')).size).toBe(bytes);

    const loaded = await tfl.loadLayersModel(fileSystemHandler(dir));
    const after = (loaded.predict(x) as tf.Tensor).arraySync();
    expect(after).toEqual(before);
    x.dispose();
    model.dispose();
    loaded.dispose();
  });

  it('names the missing file when loading from an empty directory', async () => {
    await expect(tfl.loadLayersModel(fileSystemHandler(tempDir()))).rejects.toThrow(/model\.json: cannot read model/);
  });
});

describe('predictFromBundle', () => {
  for (const layout of ['metadata.json', 'hparam-studio.json'] as const) {
    it(`normalizes raw rows with the bundle metadata (${layout}) before predicting`, async () => {
      const root = tempDir();
      const meta = writeBinaryDataset(path.join(root, 'ds'));
      const model = buildModel(configFor('mlp', meta, { hidden_layers: 1, units: 4 }), meta.inputShape, 2);
      const dir = path.join(root, 'bundle');
      await model.save(fileSystemHandler(dir));
      const metadata =
        layout === 'metadata.json'
          ? { inputShape: meta.inputShape, normalization: meta.normalization, task: 'binary', classNames: meta.classNames }
          : { format: 'hparam-studio-tfjs-export', input: { shape: meta.inputShape, normalization: meta.normalization, dtype: 'float32' } };
      fs.writeFileSync(path.join(dir, layout), JSON.stringify(metadata));

      const raw = [
        [55, -3, 0.5, 0.5],
        [40, -2.9, 0.1, 0.9],
      ];
      const { mean, std } = meta.normalization;
      const normalized = tf.tensor2d(raw.map((r) => r.map((v, i) => (v - mean[i]!) / std[i]!)));
      const expected = (model.predict(normalized) as tf.Tensor).arraySync() as number[][];
      const got = await predictFromBundle(dir, raw);
      expect(got).toHaveLength(2);
      got.forEach((row, i) => expect(row[0]).toBeCloseTo(expected[i]![0]!, 5));
      normalized.dispose();
      model.dispose();
    });
  }

  it('says which metadata files it looked for', async () => {
    await expect(predictFromBundle(tempDir(), [[1]])).rejects.toThrow(/no bundle metadata \(hparam-studio\.json or metadata\.json\)/);
  });
});
