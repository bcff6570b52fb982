import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { MlpHparams, Task } from '../../shared/domain/hparams';
import { AppError } from '../../shared/result';

/** One loss value per sample ([batch]); callers take the mean for a step and the sum for evaluation. */
export type PerSampleLoss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

export type ResolvedLoss = Exclude<MlpHparams['loss'], 'auto'>;

const AUTO: Record<Task, ResolvedLoss> = { binary: 'binary_crossentropy', multiclass: 'categorical_crossentropy', regression: 'mse' };

/** 'auto' → the natural loss for the task; a cross-entropy that does not fit the task's output is refused. */
export function resolveLossName(task: Task, loss: MlpHparams['loss']): ResolvedLoss {
  const name = loss === 'auto' ? AUTO[task] : loss;
  const fits =
    (name === 'binary_crossentropy' && task === 'binary') ||
    (name === 'categorical_crossentropy' && task === 'multiclass') ||
    name === 'mse' ||
    name === 'mae' ||
    name === 'huber';
  if (!fits) throw new AppError('invalid_input', `hyperparameter loss: '${name}' does not fit a ${task} task`);
  return name;
}

export function perSampleLoss(name: ResolvedLoss, huberDelta: number): PerSampleLoss {
  switch (name) {
    case 'binary_crossentropy':
      return (y, p) => tfl.metrics.binaryCrossentropy(y, p);
    case 'categorical_crossentropy':
      return (y, p) => tfl.metrics.categoricalCrossentropy(y, p);
    case 'mse':
      return (y, p) => tfl.metrics.meanSquaredError(y, p);
    case 'mae':
      return (y, p) => tfl.metrics.meanAbsoluteError(y, p);
    case 'huber':
      return (y, p) => tf.mean(tf.losses.huberLoss(y, p, undefined, huberDelta, tf.Reduction.NONE), -1);
  }
}

/**
 * Labels are stored sparse (class index or value, shape [batch]); the model's output wants [batch, 1]
 * (binary, regression) or one-hot [batch, classes] (multiclass), built here inside the step.
 */
export function targetsFor(task: Task, labels: tf.Tensor1D, classes: number): tf.Tensor2D {
  if (task === 'multiclass') return tf.cast(tf.oneHot(tf.cast(labels, 'int32'), classes), 'float32') as tf.Tensor2D;
  return tf.reshape(labels, [-1, 1]) as tf.Tensor2D;
}
