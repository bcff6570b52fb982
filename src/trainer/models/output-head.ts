import * as tfl from '@tensorflow/tfjs-layers';
import type { Task } from '../../shared/domain/hparams';
import { AppError } from '../../shared/result';
import { kernelInitializer, type LayerParams } from './layer-options';

/** Output units per task: 1 sigmoid (binary), one softmax unit per class (multiclass), 1 linear (regression). */
export function outputUnitsFor(task: Task, classCount: number): number {
  if (task !== 'multiclass') return 1;
  if (classCount < 2) throw new AppError('invalid_input', `dataset: a multiclass task needs at least 2 class names, found ${classCount}`);
  return classCount;
}

export function outputLayer(task: Task, units: number, p: LayerParams, seed: number, layerIndex: number, name = 'output'): tfl.layers.Layer {
  const activation = task === 'binary' ? 'sigmoid' : task === 'multiclass' ? 'softmax' : 'linear';
  // l1/l2 penalize the hidden layers only (the usual template choice): the head stays free to scale logits.
  return tfl.layers.dense({ units, activation, kernelInitializer: kernelInitializer(p.initializer, seed, layerIndex), name });
}
