import path from 'node:path';
import type { BaseModelRef } from '../../../../src/shared/domain/base-model';
import type { DatasetMeta } from '../../../../src/shared/domain/dataset';
import { resolveTrialConfig, type TrialConfig } from '../../../../src/shared/domain/hparams';
import type { ParamSet } from '../../../../src/shared/domain/space';
import { checkpointDir } from '../../../../src/trainer/io/checkpoint-writer';
import { runTrial } from '../../../../src/trainer/run-trial';
import { openSession } from '../../../../src/trainer/training/open-session';
import { trainingMeta, type TrainingSession } from '../../../../src/trainer/training/session';
import { withSplits, type Loaded } from '../fixtures/sessions';
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

export type LoadedTransfer = Loaded;

export async function loadTransfer(config: TrialConfig, meta: DatasetMeta, cacheDir: string): Promise<LoadedTransfer> {
  return withSplits(await openSession(config, meta), trainingMeta(config, meta), meta, cacheDir);
}

/** Every weight of the named layer, flattened, as numbers (a snapshot to compare later). */
export function layerWeights(session: TrainingSession, name: string): number[] {
  const layer = session.model.getLayer(name);
  return layer.getWeights().flatMap((w) => Array.from(w.dataSync()));
}
