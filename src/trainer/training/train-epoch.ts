import * as tf from '@tensorflow/tfjs-core';
import { targetsFor } from '../models/losses';
import { regularizationPenalty } from '../models/regularization';
import { epochShuffle } from '../random';
import { seedDropout } from './dropout-seeds';
import type { TrainingSession } from './session';
import type { SplitTensors } from './split-tensors';

/** Heartbeats and stop messages need the event loop; a step on a big batch can take a while. */
const YIELD_EVERY_MS = 25;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Per-batch numbers summed on the backend and read back once per epoch (no sync per step):
 * [loss·n, correct] for classification, [loss·n, squared error, absolute error] for regression.
 */
function batchStats(session: TrainingSession, target: tf.Tensor, pred: tf.Tensor, labels: tf.Tensor1D): tf.Tensor1D {
  if (session.task === 'regression') {
    const diff = tf.sub(pred, target);
    return tf.stack([tf.sum(tf.square(diff)), tf.sum(tf.abs(diff))]) as tf.Tensor1D;
  }
  const predicted = session.task === 'binary' ? tf.reshape(tf.cast(tf.greater(pred, 0.5), 'float32'), [-1]) : tf.cast(tf.argMax(pred, -1), 'float32');
  return tf.reshape(tf.sum(tf.cast(tf.equal(predicted, labels), 'float32')), [1]) as tf.Tensor1D;
}

/** One epoch of mini-batch training over a seeded shuffle; returns the epoch's training metrics. */
export async function trainEpoch(session: TrainingSession, train: SplitTensors, epoch: number): Promise<Record<string, number>> {
  const { model, optimizer, loss, trainableVars, config } = session;
  const batchSize = Math.min(config.hparams.batch_size, train.count);
  const order = epochShuffle(train.count, config.seed, epoch);
  let totals: tf.Tensor1D | null = null;
  let lastYield = Date.now();
  for (let start = 0, step = 0; start < train.count; start += batchSize, step++) {
    const indices = tf.tensor1d(order.subarray(start, Math.min(start + batchSize, train.count)), 'int32');
    seedDropout(model, config.seed, epoch, step);
    let side: tf.Tensor | undefined;
    const stats = tf.tidy(() => {
      const xb = tf.gather(train.x, indices);
      const yb = tf.gather(train.y, indices) as tf.Tensor1D;
      const target = targetsFor(session.task, yb, session.classes);
      const cost = optimizer.minimize(
        () => {
          const pred = model.apply(xb, { training: true }) as tf.Tensor;
          // Kept out of the gradient scope's cleanup; disposed right after this step.
          side = tf.keep(batchStats(session, target, pred, yb));
          const dataLoss = tf.mean(loss(target, pred)) as tf.Scalar;
          const penalty = regularizationPenalty(model);
          return penalty ? tf.add(dataLoss, penalty) : dataLoss;
        },
        true,
        trainableVars,
      ) as tf.Scalar;
      const batchTotals = tf.concat([tf.reshape(tf.mul(cost, indices.shape[0]), [1]), side!]) as tf.Tensor1D;
      return totals ? tf.add(totals, batchTotals) : batchTotals;
    });
    side?.dispose();
    indices.dispose();
    totals?.dispose();
    totals = stats as tf.Tensor1D;
    if (Date.now() - lastYield > YIELD_EVERY_MS) {
      await yieldToEventLoop();
      lastYield = Date.now();
    }
  }
  const values = totals ? await totals.data() : new Float32Array(3);
  totals?.dispose();
  const n = Math.max(1, train.count);
  if (session.task === 'regression') return { loss: values[0]! / n, mse: values[1]! / n, mae: values[2]! / n };
  return { loss: values[0]! / n, accuracy: values[1]! / n };
}
