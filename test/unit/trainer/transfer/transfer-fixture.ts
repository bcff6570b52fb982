import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { readSplit } from '../../../../src/formats/dataset-cache';
import type { BaseModelRef } from '../../../../src/shared/domain/base-model';
import type { DatasetMeta } from '../../../../src/shared/domain/dataset';
import { resolveTrialConfig, type TrialConfig } from '../../../../src/shared/domain/hparams';
import type { ParamSet } from '../../../../src/shared/domain/space';
import { checkpointDir } from '../../../../src/trainer/io/checkpoint-writer';
import { runTrial } from '../../../../src/trainer/run-trial';
import { openSession } from '../../../../src/trainer/training/open-session';
import { trainingMeta, type TrainingSession } from '../../../../src/trainer/training/session';
import { uploadSplit, type SplitTensors } from '../../../../src/trainer/training/split-tensors';
import { startMessage } from '../fixtures/start-message';
import { writeBinaryDataset } from '../fixtures/synthetic-dataset';

/**
 * A base model the way a user gets one: an MLP trial trained by runTrial on a binary dataset, its last
 * checkpoint (model.json + weights) used as the base. Layers: dense_1, dense_2, output.
 */
export async function trainBase(root: string): Promise<{ base: BaseModelRef; meta: DatasetMeta; cacheDir: string }> {
  const cacheDir = path.join(root, 'dataset');
  const meta = writeBinaryDataset(cacheDir, { train: 96, val: 48 });
  const start = startMessage(root, cacheDir, meta, { epochs: 3, batch_size: 16, hidden_layers: 2, units: 8, learning_rate: 0.02 });
  await runTrial(start, { send: () => undefined, shouldStop: () => null });
  const base: BaseModelRef = {
    id: 1,
    name: 'binary-mlp',
    dir: checkpointDir(start.runDir, 3),
    inputShape: meta.inputShape,
    normalization: meta.normalization,
    featureNames: meta.featureNames,
    valueRange: null,
    layers: [],
  };
  return { base, meta, cacheDir };
}

export function transferConfig(meta: DatasetMeta, base: BaseModelRef, params: ParamSet, seed = 3): TrialConfig {
  return resolveTrialConfig('transfer', meta.task, seed, params, base);
}

export interface LoadedTransfer {
  session: TrainingSession;
  data: { train: SplitTensors; val: SplitTensors };
  dispose(): void;
}

export async function loadTransfer(config: TrialConfig, meta: DatasetMeta, cacheDir: string): Promise<LoadedTransfer> {
  const session = await openSession(config, meta);
  const fed = trainingMeta(config, meta);
  const data = { train: uploadSplit(fed, readSplit(cacheDir, meta, 'train')), val: uploadSplit(fed, readSplit(cacheDir, meta, 'val')) };
  return {
    session,
    data,
    dispose() {
      tf.dispose([data.train.x, data.train.y, data.val.x, data.val.y]);
      session.dispose();
    },
  };
}

/** Every weight of the named layer, flattened, as numbers (a snapshot to compare later). */
export function layerWeights(session: TrainingSession, name: string): number[] {
  const layer = session.model.getLayer(name);
  return layer.getWeights().flatMap((w) => Array.from(w.dataSync()));
}
