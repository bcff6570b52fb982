import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../../src/trainer/backends/init-backend';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { LAYER_CASES, type LayerCase } from './fixtures/layer-cases';
import { gradientsOn, type CaseResult } from './fixtures/run-case';
import { normalizedMaxError } from './fixtures/seeded';

const TOLERANCE = 1e-3;

/** The seed CNN's first block at MNIST size: big enough that XNNPACK really splits its GEMMs across the pool. */
const WIDE_CASE: LayerCase = {
  name: 'conv32 3×3 same relu on 28×28, pool, dense 10 (threads really split the work)',
  inputShape: [28, 28, 1],
  target: 'onehot',
  layers: () => [
    tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }),
    tfl.layers.maxPooling2d({ poolSize: 2 }),
    tfl.layers.flatten(),
    tfl.layers.dense({ units: 3, activation: 'softmax' }),
  ],
  loss: (y, p) => tf.mean(tfl.metrics.categoricalCrossentropy(y, p)),
};

function expectSameAs(actual: CaseResult, reference: CaseResult): void {
  expect(Math.abs(actual.loss - reference.loss)).toBeLessThanOrEqual(TOLERANCE * Math.max(1, Math.abs(reference.loss)));
  actual.values.forEach((v, i) => expect(normalizedMaxError(v.data, reference.values[i]!.data), v.name).toBeLessThanOrEqual(TOLERANCE));
}

/**
 * tfjs-backend-wasm's threaded SIMD build, which 4.22 leaves off in Node (tfjs #3830), loaded on
 * worker_threads (src/trainer/backends/wasm-threads.ts). Its own process (vitest runs one per file): the
 * wasm backend's thread pool is sized once per process, before anything else initializes it.
 */
describe('wasm with threads in Node', () => {
  it('runs the threads asked for, with no note', async () => {
    const result = await initBackend('wasm', { threads: 2 });
    expect(result.backend).toBe('wasm');
    expect(result.threads).toBe(2);
    expect(getThreadsCount()).toBe(2);
    expect(result.notes).toEqual([]);
  });

  // XNNPACK splits work across the pool: every kernel of our layers, ours included, must still agree with cpu.
  it.each([...LAYER_CASES, WIDE_CASE].map((c) => [c.name, c] as const))('gradients match cpu: %s', async (_name, c) => {
    const reference = await gradientsOn('cpu', c);
    const threaded = await gradientsOn('wasm', c, { threads: 2 });
    expectSameAs(threaded, reference);
  });
});
