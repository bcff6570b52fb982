import * as tf from '@tensorflow/tfjs-core';
import { targetsFor } from '../models/losses';
import { regularizationPenalty } from '../models/regularization';
import type { TrainingSession } from '../training/session';
import type { SplitTensors } from '../training/split-tensors';
import { scoresFromConfusion, toMatrix } from './confusion';

export interface Evaluation {
  /** val_loss, and val_accuracy/precision/recall/f1 or val_mse/val_mae (names prefixed as given). */
  metrics: Record<string, number>;
  /** Rows = true class, columns = predicted; classification only. */
  confusion?: number[][];
}

/**
 * Counts of (true, predicted) pairs as oneHot(true)ᵀ·oneHot(predicted) in float32: tf.math.confusionMatrix
 * multiplies int32 matrices, which the wasm backend does not support.
 */
function confusionCounts(labels: tf.Tensor1D, predicted: tf.Tensor1D, classes: number): tf.Tensor2D {
  const truth = tf.cast(tf.oneHot(labels, classes), 'float32') as tf.Tensor2D;
  const guess = tf.cast(tf.oneHot(predicted, classes), 'float32') as tf.Tensor2D;
  return tf.matMul(truth, guess, true, false);
}

/**
 * Inference-mode metrics over a whole split, in batches so a large validation set never sits in memory
 * as one activation tensor; sums stay on the backend and are read back once. The loss includes the
 * weight penalties, as Keras' val_loss does, so loss and val_loss are comparable.
 */
export async function evaluateSplit(session: TrainingSession, split: SplitTensors, prefix = 'val_'): Promise<Evaluation> {
  const { model, task, classes } = session;
  if (split.count === 0) return { metrics: {} };
  const batchSize = Math.min(Math.max(session.config.hparams.batch_size, 256), split.count);
  let lossSum: tf.Scalar | null = null;
  let extra: tf.Tensor | null = null;
  for (let start = 0; start < split.count; start += batchSize) {
    const size = Math.min(batchSize, split.count - start);
    const [nextLoss, nextExtra] = tf.tidy(() => {
      const xb = tf.slice(split.x, start, size);
      const yb = tf.slice(split.y, start, size) as tf.Tensor1D;
      const pred = model.predict(xb, { batchSize: size }) as tf.Tensor;
      const target = targetsFor(task, yb, classes);
      const batchLoss = tf.sum(session.loss(target, pred)) as tf.Scalar;
      let batchExtra: tf.Tensor;
      if (task === 'regression') {
        const diff = tf.sub(pred, target);
        batchExtra = tf.stack([tf.sum(tf.square(diff)), tf.sum(tf.abs(diff))]);
      } else {
        const predicted = task === 'binary' ? tf.reshape(tf.cast(tf.greater(pred, 0.5), 'int32'), [-1]) : tf.cast(tf.argMax(pred, -1), 'int32');
        batchExtra = confusionCounts(tf.cast(yb, 'int32') as tf.Tensor1D, predicted as tf.Tensor1D, classes);
      }
      return [lossSum ? tf.add(lossSum, batchLoss) : batchLoss, extra ? tf.add(extra, batchExtra) : batchExtra] as [tf.Scalar, tf.Tensor];
    });
    lossSum?.dispose();
    extra?.dispose();
    lossSum = nextLoss;
    extra = nextExtra;
  }
  const penalty = tf.tidy(() => regularizationPenalty(model) ?? tf.scalar(0));
  const [lossValue, extraValues, penaltyValue] = await Promise.all([lossSum!.data(), extra!.data(), penalty.data()]);
  tf.dispose([lossSum!, extra!, penalty]);
  const n = split.count;
  const metrics: Record<string, number> = { [`${prefix}loss`]: lossValue[0]! / n + penaltyValue[0]! };
  if (task === 'regression') {
    metrics[`${prefix}mse`] = extraValues[0]! / n;
    metrics[`${prefix}mae`] = extraValues[1]! / n;
    return { metrics };
  }
  const confusion = toMatrix(extraValues, classes);
  const scores = scoresFromConfusion(confusion);
  metrics[`${prefix}accuracy`] = scores.accuracy;
  metrics[`${prefix}precision`] = scores.precision;
  metrics[`${prefix}recall`] = scores.recall;
  metrics[`${prefix}f1`] = scores.f1;
  return { metrics, confusion };
}
