/**
 * Conv2DBackpropFilter (the filter gradient of every Conv2D layer) on wasm, with HParam Studio's kernel,
 * next to the cpu backend's, for a 64×28×28×32 batch and a 3×3×32→32 filter (an MNIST-sized conv block).
 * Run: node scripts/run-ts.mjs bench/backend-kernels.ts   (the cpu side alone takes about a minute)
 */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/trainer/backends/init-backend';

const X_SHAPE: [number, number, number, number] = [64, 28, 28, 32];
const FILTER_SHAPE: [number, number, number, number] = [3, 3, 32, 32];
const ATTRS = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: FILTER_SHAPE } as unknown as tf.NamedAttrMap;

async function timeOn(backend: 'wasm' | 'cpu', runs: number): Promise<number[]> {
  await initBackend(backend);
  const x = tf.randomNormal(X_SHAPE, 0, 1, 'float32', 1);
  const dy = tf.randomNormal([64, 28, 28, 32], 0, 1, 'float32', 2);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const dW = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, ATTRS) as tf.Tensor;
    await dW.data();
    times.push(performance.now() - start);
    dW.dispose();
  }
  tf.dispose([x, dy]);
  return times;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const wasm = await timeOn('wasm', 7);
const cpu = await timeOn('cpu', 1);
console.log(`Conv2DBackpropFilter x ${X_SHAPE.join('×')} filter ${FILTER_SHAPE.join('×')} stride 1 same`);
console.log(`  wasm (HParam Studio kernel) median of ${wasm.length}: ${median(wasm).toFixed(1)} ms   (first run ${wasm[0]!.toFixed(1)} ms)`);
console.log(`  cpu  (tfjs-backend-cpu)     one run:      ${cpu[0]!.toFixed(1)} ms`);
console.log(`  speed-up: ${(cpu[0]! / median(wasm)).toFixed(0)}×`);
