import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/trainer/backends/init-backend';
import { WASM_TRAINING_KERNELS } from '../../../../../src/trainer/backends/wasm-kernels';
import { normalizedMaxError, seededRandom, seededTensor } from '../fixtures/seeded';

/** Runs one kernel with the same seeded inputs on `backend` and returns its output values. */
async function runKernel(backend: 'cpu' | 'wasm', kernel: string, inputShapes: Record<string, number[]>, attrs: tf.NamedAttrMap, seed: number) {
  await initBackend(backend);
  const inputs: tf.NamedTensorMap = {};
  Object.entries(inputShapes).forEach(([name, shape], i) => (inputs[name] = seededTensor(shape, seed + i)));
  const out = tf.engine().runKernel(kernel, inputs, attrs) as tf.Tensor;
  const values = await out.data();
  tf.dispose([out, ...Object.values(inputs)]);
  return values;
}

async function expectWasmMatchesCpu(kernel: string, inputShapes: Record<string, number[]>, attrs: tf.NamedAttrMap, seed: number) {
  const expected = await runKernel('cpu', kernel, inputShapes, attrs, seed);
  const actual = await runKernel('wasm', kernel, inputShapes, attrs, seed);
  expect(actual.length).toBe(expected.length);
  expect(normalizedMaxError(actual, expected)).toBeLessThan(1e-4);
}

type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];
const outSize = (size: number, filter: number, stride: number, pad: Pad) =>
  pad === 'same' ? Math.ceil(size / stride) : pad === 'valid' ? Math.ceil((size - filter + 1) / stride) : 0;

describe('Conv2DBackpropFilter on wasm matches cpu', () => {
  const cases: { x: number[]; filter: [number, number]; outC: number; strides: [number, number]; pad: Pad }[] = [
    { x: [2, 7, 9, 3], filter: [3, 3], outC: 4, strides: [2, 2], pad: 'valid' },
    { x: [2, 7, 9, 3], filter: [2, 2], outC: 4, strides: [1, 1], pad: 'same' },
    { x: [3, 11, 10, 20], filter: [5, 3], outC: 6, strides: [2, 2], pad: 'same' },
    { x: [1, 8, 8, 1], filter: [1, 1], outC: 2, strides: [1, 1], pad: 'valid' },
    { x: [2, 9, 6, 2], filter: [3, 2], outC: 3, strides: [2, 1], pad: 'same' },
    { x: [1, 6, 5, 2], filter: [3, 3], outC: 2, strides: [1, 2], pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
    // 8·32·32 rows × 3·3·16 columns > the 1 M-float chunk: exercises the chunked accumulation.
    { x: [8, 32, 32, 16], filter: [3, 3], outC: 8, strides: [1, 1], pad: 'same' },
  ];
  it.each(cases.map((c) => [`x ${c.x.join('×')} filter ${c.filter.join('×')} strides ${c.strides.join(',')} pad ${JSON.stringify(c.pad)}`, c] as const))(
    '%s',
    async (_name, c) => {
      const [batch = 0, height = 0, width = 0, inC = 0] = c.x;
      const pad = c.pad;
      const outH = Array.isArray(pad) ? Math.floor((height + pad[1][0] + pad[1][1] - c.filter[0]) / c.strides[0]) + 1 : outSize(height, c.filter[0], c.strides[0], pad);
      const outW = Array.isArray(pad) ? Math.floor((width + pad[2][0] + pad[2][1] - c.filter[1]) / c.strides[1]) + 1 : outSize(width, c.filter[1], c.strides[1], pad);
      const attrs = { strides: c.strides, pad, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: [...c.filter, inC, c.outC] } as unknown as tf.NamedAttrMap;
      await expectWasmMatchesCpu('Conv2DBackpropFilter', { x: c.x, dy: [batch, outH, outW, c.outC] }, attrs, 11);
    },
  );

  it('random shapes', async () => {
    const next = seededRandom(42);
    const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
    for (let trial = 0; trial < 12; trial++) {
      const filter: [number, number] = [int(1, 5), int(1, 5)];
      const strides: [number, number] = [int(1, 3), int(1, 3)];
      const pad = next() < 0.5 ? 'same' : 'valid';
      const x = [int(1, 3), int(filter[0], 12), int(filter[1], 12), int(1, 6)];
      const outC = int(1, 5);
      const dy = [x[0]!, outSize(x[1]!, filter[0], strides[0], pad), outSize(x[2]!, filter[1], strides[1], pad), outC];
      const attrs = { strides, pad, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: [...filter, x[3]!, outC] } as unknown as tf.NamedAttrMap;
      await expectWasmMatchesCpu('Conv2DBackpropFilter', { x, dy }, attrs, 100 + trial);
    }
  });
});

describe('MaxPoolGrad on wasm matches cpu', () => {
  it.each([
    [[2, 4, 4, 3], 2, 2, 'valid'],
    [[2, 9, 7, 3], 3, 2, 'same'],
    [[1, 9, 7, 2], 2, 1, 'same'],
    [[3, 5, 8, 1], 3, 1, 'valid'],
    [[2, 7, 7, 4], 3, 3, 'same'],
  ] as const)('input %j pool %i stride %i %s', async (shape, pool, stride, pad) => {
    await initBackend('cpu');
    const y = tf.maxPool(seededTensor([...shape], 1) as tf.Tensor4D, pool, stride, pad);
    const dyShape = y.shape;
    y.dispose();
    // Inputs straddle zero so that some windows are all negative (the case wasm's own kernel gets wrong).
    const attrs = { filterSize: [pool, pool], strides: [stride, stride], pad, dimRoundingMode: undefined } as unknown as tf.NamedAttrMap;
    await expectWasmMatchesCpu('MaxPoolGrad', { dy: dyShape, input: [...shape], output: dyShape }, attrs, 1);
  });

  it('routes an all-negative window to its maximum', async () => {
    await initBackend('wasm');
    const x = tf.tensor4d([-5, -1, -3, -4], [1, 2, 2, 1]);
    const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.maxPool(input as tf.Tensor4D, 2, 2, 'valid')))(x);
    expect(Array.from(await dx.data())).toEqual([0, 1, 0, 0]);
  });
});

it('every kernel of ours is the one registered for wasm after initBackend', async () => {
  await initBackend('wasm');
  for (const { config } of WASM_TRAINING_KERNELS) expect(tf.getKernel(config.kernelName, 'wasm')?.kernelFunc).toBe(config.kernelFunc);
});
