import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { OPTIMIZERS, mlpHparamsSchema } from '../../../../src/shared/domain/hparams';
import { buildOptimizer, setLearningRate } from '../../../../src/trainer/optimizers/build-optimizer';
import { getOptimizerState, setOptimizerState } from '../../../../src/trainer/optimizers/optimizer-state';
import { useCpu } from '../fixtures/sessions';

beforeAll(useCpu);

const paramsFor = (optimizer: (typeof OPTIMIZERS)[number], learning_rate = 0.1) => mlpHparamsSchema.parse({ optimizer, learning_rate });
const target = () => tf.tensor1d([1, -2, 3]);

/** One step on sum((w − target)²), the gradient of which every optimizer can follow. */
function step(optimizer: tf.Optimizer, w: tf.Variable): void {
  tf.tidy(() => {
    optimizer.minimize(() => tf.sum(tf.square(tf.sub(w, target()))) as tf.Scalar, false, [w]);
  });
}

describe('optimizers', () => {
  for (const name of OPTIMIZERS) {
    it(`${name}: moves towards the minimum`, () => {
      const w = tf.variable(tf.zeros([3]));
      const opt = buildOptimizer(paramsFor(name, name === 'adadelta' ? 1 : 0.1));
      for (let i = 0; i < 5; i++) step(opt, w);
      expect(Array.from(w.dataSync()).map(Math.sign)).toEqual([1, -1, 1]);
      opt.dispose();
      w.dispose();
    });

    it(`${name}: state saved mid-training restores into a fresh optimizer that continues identically`, async () => {
      const w = tf.variable(tf.zeros([3]));
      const a = buildOptimizer(paramsFor(name));
      for (let i = 0; i < 3; i++) step(a, w);
      const { tensors, owned } = await getOptimizerState(a);
      // Through the same encoding checkpoints use, so nothing shares memory with the live optimizer.
      const encoded = await tf.io.encodeWeights(tensors.map((t, i) => ({ name: `${i}/${t.name}`, tensor: t.tensor })));
      tf.dispose(owned);
      const decoded = tf.io.decodeWeights(encoded.data, encoded.specs);
      const b = buildOptimizer(paramsFor(name));
      await setOptimizerState(b, encoded.specs.map((s) => ({ name: s.name.slice(s.name.indexOf('/') + 1), tensor: decoded[s.name]! })));
      tf.dispose(Object.values(decoded));
      const w2 = tf.variable(w.clone());
      const w3 = tf.variable(w.clone());
      const c = buildOptimizer(paramsFor(name));
      for (let i = 0; i < 3; i++) {
        step(a, w);
        step(b, w2);
        step(c, w3);
      }
      expect(Array.from(w2.dataSync())).toEqual(Array.from(w.dataSync()));
      // Proof the slots matter: an optimizer starting without them takes another path. SGD has none, and
      // tfjs 4.22's Adadelta divides by the previous accumulator, which keeps its ratio at exactly 1 (it
      // behaves as SGD), so a fresh one follows the same path.
      if (name !== 'sgd' && name !== 'adadelta') expect(Array.from(w3.dataSync())).not.toEqual(Array.from(w.dataSync()));
      tf.dispose([w, w2, w3]);
      [a, b, c].forEach((o) => o.dispose());
    });
  }

  it('changes the learning rate between steps, including for SGD and momentum which cache it', () => {
    for (const name of ['sgd', 'momentum', 'adam'] as const) {
      const size = (lr: number) => {
        const w = tf.variable(tf.zeros([3]));
        const opt = buildOptimizer(paramsFor(name, 1));
        setLearningRate(opt, lr);
        step(opt, w);
        const moved = Math.abs(w.dataSync()[0]!);
        opt.dispose();
        w.dispose();
        return moved;
      };
      expect(size(0.01) / size(0.001), name).toBeCloseTo(10, 4);
    }
  });
});
