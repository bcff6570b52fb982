import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { DatasetMeta } from '../../shared/domain/dataset';
import type { Task, TrialConfig } from '../../shared/domain/hparams';
import { buildModel } from '../models/build-model';
import { perSampleLoss, resolveLossName, type PerSampleLoss } from '../models/losses';
import { buildOptimizer } from '../optimizers/build-optimizer';

/** Everything one trial trains with, built from its config and the dataset's shapes. */
export interface TrainingSession {
  config: TrialConfig;
  task: Task;
  /** Classes in the confusion matrix: 2 for binary, k for multiclass, 0 for regression. */
  classes: number;
  model: tfl.Sequential;
  optimizer: tf.Optimizer;
  loss: PerSampleLoss;
  /** The model's trainable variables, in model order: what the optimizer updates and what its slots follow. */
  trainableVars: tf.Variable[];
  dispose(): void;
}

export function classCountFor(task: Task, meta: DatasetMeta): number {
  if (task === 'regression') return 0;
  return task === 'binary' ? 2 : meta.classNames.length;
}

export function createSession(config: TrialConfig, meta: DatasetMeta): TrainingSession {
  const h = config.hparams;
  const loss = perSampleLoss(resolveLossName(config.task, h.loss), h.huber_delta);
  const model = buildModel(config, meta.inputShape, meta.classNames.length);
  const optimizer = buildOptimizer(h);
  return {
    config,
    task: config.task,
    classes: classCountFor(config.task, meta),
    model,
    optimizer,
    loss,
    // LayerVariable.read() is the backing tf.Variable: passing these to minimize() keeps variables of
    // other models in the same process (tests) out of the gradient computation.
    trainableVars: model.trainableWeights.map((w) => w.read() as tf.Variable),
    dispose() {
      optimizer.dispose();
      model.dispose();
    },
  };
}
