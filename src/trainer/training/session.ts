import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { DatasetMeta } from '../../shared/domain/dataset';
import type { Task, TrialConfig } from '../../shared/domain/hparams';
import type { TrainingPhase } from '../../shared/schedules/phases';
import { AppError } from '../../shared/result';
import { buildModel } from '../models/build-model';
import { applyPhase, buildTransfer } from '../models/build-transfer';
import { perSampleLoss, resolveLossName, type PerSampleLoss } from '../models/losses';
import { outputUnitsFor } from '../models/output-head';
import { buildOptimizer } from '../optimizers/build-optimizer';

/** Everything one trial trains with, built from its config and the dataset's shapes. */
export interface TrainingSession {
  config: TrialConfig;
  task: Task;
  /** Classes in the confusion matrix: 2 for binary, k for multiclass, 0 for regression. */
  classes: number;
  model: tfl.LayersModel;
  /** Replaced when the phase changes (see enterPhase). */
  optimizer: tf.Optimizer;
  loss: PerSampleLoss;
  /** The model's trainable variables, in model order: what the optimizer updates and what its slots follow. */
  trainableVars: tf.Variable[];
  /** 'train' for single-phase templates; 'head' or 'finetune' for transfer learning. */
  readonly phase: TrainingPhase;
  /**
   * Freezes and unfreezes the layers for `phase` and, when the set of trainable variables changes,
   * starts a fresh optimizer for it (as Keras does when a model is recompiled after unfreezing):
   * optimizer slots follow the variables by position, so old slots would land on the wrong ones.
   */
  enterPhase(phase: TrainingPhase): void;
  dispose(): void;
}

export function classCountFor(task: Task, meta: DatasetMeta): number {
  if (task === 'regression') return 0;
  return task === 'binary' ? 2 : meta.classNames.length;
}

/**
 * The dataset as the model sees it: a transfer-learning run feeds its data through the normalization
 * its base model was trained with (when the base's bundle says which), not the new dataset's own.
 */
export function trainingMeta(config: TrialConfig, meta: DatasetMeta): DatasetMeta {
  if (config.template !== 'transfer' || !config.base.normalization) return meta;
  return { ...meta, normalization: config.base.normalization };
}

const liveVariables = (model: tfl.LayersModel): tf.Variable[] =>
  // LayerVariable.read() is the backing tf.Variable: passing these to minimize() keeps variables of
  // other models in the same process (tests) out of the gradient computation.
  model.trainableWeights.map((w) => w.read() as tf.Variable);

/**
 * A session for `config`. The transfer template needs its base model loaded (`openSession` does it);
 * the other templates build their model from the config alone.
 */
export function createSession(config: TrialConfig, meta: DatasetMeta, base?: tfl.LayersModel): TrainingSession {
  const h = config.hparams;
  const loss = perSampleLoss(resolveLossName(config.task, h.loss), h.huber_delta);
  let model: tfl.LayersModel;
  let baseLayers: tfl.layers.Layer[] = [];
  let phase: TrainingPhase = 'train';
  if (config.template === 'transfer') {
    if (!base) throw new AppError('internal', `run with template transfer: base model ${config.base.name} was not loaded`);
    ({ model, baseLayers } = buildTransfer({ ...config, baseName: config.base.name }, base, outputUnitsFor(config.task, meta.classNames.length)));
    phase = 'head';
    applyPhase(baseLayers, phase, config.hparams.freeze_layers);
  } else {
    model = buildModel(config, meta.inputShape, meta.classNames.length);
  }
  const session: TrainingSession = {
    config,
    task: config.task,
    classes: classCountFor(config.task, meta),
    model,
    optimizer: buildOptimizer(h),
    loss,
    trainableVars: liveVariables(model),
    phase,
    enterPhase(next) {
      if (next === session.phase) return;
      if (config.template !== 'transfer' || next === 'train') throw new AppError('internal', `a ${config.template} run has no '${next}' phase after '${session.phase}'`);
      applyPhase(baseLayers, next, config.hparams.freeze_layers);
      session.optimizer.dispose();
      session.optimizer = buildOptimizer(h);
      session.trainableVars = liveVariables(model);
      (session as { phase: TrainingPhase }).phase = next;
    },
    dispose() {
      session.optimizer.dispose();
      model.dispose();
    },
  };
  return session;
}
