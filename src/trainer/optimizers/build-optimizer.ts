import * as tf from '@tensorflow/tfjs-core';
import type { MlpHparams } from '../../shared/domain/hparams';

export type OptimizerParams = Pick<MlpHparams, 'optimizer' | 'learning_rate' | 'momentum' | 'beta1' | 'beta2' | 'epsilon' | 'rho'>;

/**
 * The tfjs optimizer for the trial's hyperparameters. `momentum` drives momentum/nesterov only:
 * RMSprop keeps Keras' default of no momentum, so the shared default (0.9) doesn't silently change it.
 */
export function buildOptimizer(p: OptimizerParams): tf.Optimizer {
  const lr = p.learning_rate;
  switch (p.optimizer) {
    case 'sgd':
      return tf.train.sgd(lr);
    case 'momentum':
      return tf.train.momentum(lr, p.momentum, false);
    case 'nesterov':
      return tf.train.momentum(lr, p.momentum, true);
    case 'adam':
      return tf.train.adam(lr, p.beta1, p.beta2, p.epsilon);
    case 'rmsprop':
      return tf.train.rmsprop(lr, p.rho, 0, p.epsilon);
    case 'adagrad':
      return tf.train.adagrad(lr);
    case 'adadelta':
      return tf.train.adadelta(lr, p.rho, p.epsilon);
    case 'adamax':
      return tf.train.adamax(lr, p.beta1, p.beta2, p.epsilon);
  }
}

/**
 * Changes the learning rate between epochs. tfjs optimizers read `learningRate` on every step, except
 * SGD and Momentum, which cache it in a scalar that only `setLearningRate` refreshes.
 */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  // Not `instanceof SGDOptimizer`: tfjs overrides Symbol.hasInstance on Optimizer, which every subclass
  // inherits, so any optimizer would pass that test.
  const sgdLike = optimizer as unknown as { setLearningRate?: (lr: number) => void };
  if (typeof sgdLike.setLearningRate === 'function') {
    sgdLike.setLearningRate(lr);
    return;
  }
  (optimizer as unknown as { learningRate: number }).learningRate = lr;
}
