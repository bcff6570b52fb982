import * as tf from '@tensorflow/tfjs-core';
import type { DatasetMeta } from '../../shared/domain/dataset';
import { normalizeInPlace } from './normalize';

/** One split living on the backend for the whole trial: uploaded once, batches are gathered from it. */
export interface SplitTensors {
  x: tf.Tensor;
  /** Sparse targets, [count]: class index or regression value. */
  y: tf.Tensor1D;
  count: number;
}

export function uploadSplit(meta: DatasetMeta, split: { x: Float32Array; y: Float32Array; count: number }): SplitTensors {
  const rowSize = meta.inputShape.reduce((a, b) => a * b, 1);
  const x = normalizeInPlace(split.x, meta.normalization, rowSize);
  return { x: tf.tensor(x, [split.count, ...meta.inputShape], 'float32'), y: tf.tensor1d(split.y, 'float32'), count: split.count };
}

export function disposeSplit(s: SplitTensors): void {
  s.x.dispose();
  s.y.dispose();
}
