import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/trainer/backends/init-backend';
import { WASM_TRAINING_KERNELS } from '../../../../../src/trainer/backends/wasm-kernels';
import { normalizedMaxError, seededTensor, seededValues } from '../fixtures/seeded';

/**
 * The kernels of ours that replace a correct but slow wasm kernel ('faster') must give the cpu
 * backend's results on every path they take (each case below names the path it exercises).
 */
async function runOn(backend: 'cpu' | 'wasm', kernel: string, inputs: Record<string, tf.Tensor | (() => tf.Tensor)>, attrs: object) {
  await initBackend(backend);
  // Counted on the backend: the temporaries our kernels allocate on the wasm heap are no engine tensors.
  const before = tf.engine().backend.numDataIds();
  const made: tf.NamedTensorMap = {};
  for (const [name, make] of Object.entries(inputs)) made[name] = typeof make === 'function' ? make() : make;
  const out = tf.engine().runKernel(kernel, made, attrs as tf.NamedAttrMap) as tf.Tensor;
  const result = { shape: out.shape, values: await out.data() };
  tf.dispose([out, ...Object.values(made)]);
  return { ...result, leaked: tf.engine().backend.numDataIds() - before };
}

async function expectWasmMatchesCpu(kernel: string, inputs: Record<string, () => tf.Tensor>, attrs: object) {
  const expected = await runOn('cpu', kernel, inputs, attrs);
  const actual = await runOn('wasm', kernel, inputs, attrs);
  expect(actual.shape).toEqual(expected.shape);
  expect(normalizedMaxError(actual.values, expected.values)).toBeLessThan(1e-4);
  expect(actual.leaked).toBe(0);
}

describe('BatchMatMul on wasm matches cpu', () => {
  // [a shape, b shape, transposeA, transposeB]: each transposed form, with the operand sizes tipping
  // the choice of identity both ways, plus a batched product (left to the stock kernel).
  it.each([
    [[5, 7], [7, 3], false, false],
    [[7, 5], [7, 3], true, false],
    [[40, 3], [40, 2], true, false],
    [[5, 7], [3, 7], false, true],
    [[2, 30], [40, 30], false, true],
    [[7, 5], [3, 7], true, true],
    [[30, 2], [3, 30], true, true],
    [[1, 6, 4], [1, 5, 4], false, true],
    [[3, 6, 4], [3, 6, 5], true, false],
  ] as const)('a %j b %j transposeA %s transposeB %s', async (a, b, transposeA, transposeB) => {
    await expectWasmMatchesCpu('BatchMatMul', { a: () => seededTensor([...a], 1), b: () => seededTensor([...b], 2) }, { transposeA, transposeB });
  });
});

describe('GatherV2 on wasm matches cpu', () => {
  const indices = () => tf.tensor1d([3, 0, 3, 1], 'int32');
  it.each([
    ['rows of an image batch (block copies)', [5, 4, 4, 2], 0],
    ['an inner axis (block copies per outer index)', [2, 5, 24], 1],
    ['short slices (stock kernel)', [5, 3], 0],
  ] as const)('%s', async (_name, shape, axis) => {
    await expectWasmMatchesCpu('GatherV2', { x: () => seededTensor([...shape], 3), indices }, { axis, batchDims: 0 });
  });

  it('rejects an index out of range', async () => {
    await initBackend('wasm');
    const x = seededTensor([4, 20], 1);
    const bad = tf.tensor1d([0, 4], 'int32');
    expect(() => tf.gather(x, bad)).toThrow(/index value 4 is not in \[0, 3\]/);
    tf.dispose([x, bad]);
  });
});

describe('Conv2DBackpropInput on wasm matches cpu', () => {
  type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];
  const cases: { name: string; x: [number, number, number, number]; filter: [number, number]; outC: number; strides: [number, number]; pad: Pad }[] = [
    { name: 'stride 1 same (rotated-filter convolution)', x: [2, 7, 9, 3], filter: [3, 3], outC: 4, strides: [1, 1], pad: 'same' },
    { name: 'stride 1 same, even filter (asymmetric padding)', x: [2, 6, 5, 3], filter: [2, 4], outC: 2, strides: [1, 1], pad: 'same' },
    { name: 'stride 1 valid', x: [1, 8, 7, 5], filter: [3, 2], outC: 3, strides: [1, 1], pad: 'valid' },
    { name: 'stride 1, padding beyond the filter (GEMM + col2im)', x: [1, 5, 5, 2], filter: [2, 2], outC: 3, strides: [1, 1], pad: [[0, 0], [2, 1], [0, 3], [0, 0]] },
    { name: 'stride 2 same (GEMM + col2im)', x: [2, 9, 8, 3], filter: [3, 3], outC: 4, strides: [2, 2], pad: 'same' },
    { name: 'stride 2×1 valid, odd size', x: [2, 9, 7, 2], filter: [3, 3], outC: 5, strides: [2, 1], pad: 'valid' },
    { name: 'stride 3 with overlapping-free patches', x: [1, 10, 10, 4], filter: [2, 2], outC: 2, strides: [3, 3], pad: 'valid' },
  ];
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await initBackend('cpu');
    const y = tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros([...c.filter, c.x[3], c.outC]) as tf.Tensor4D, c.strides, c.pad);
    const dyShape = y.shape;
    y.dispose();
    const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined, inputShape: c.x };
    await expectWasmMatchesCpu('Conv2DBackpropInput', { dy: () => seededTensor(dyShape, 4), filter: () => seededTensor([...c.filter, c.x[3], c.outC], 5) }, attrs);
  });
});

describe('Conv2DBackpropFilter on wasm, cropped and dilated paths', () => {
  it.each([
    ['valid stride 2 on an odd size (input cropped)', [2, 9, 9, 3], [3, 3], [2, 2], 'valid'],
    ['valid stride 3 leaving two rows unread', [1, 11, 8, 2], [2, 2], [3, 3], 'valid'],
    ['same stride 2 (dilated filter)', [2, 8, 7, 4], [3, 3], [2, 2], 'same'],
  ] as const)('%s', async (_name, x, filter, strides, pad) => {
    await initBackend('cpu');
    const y = tf.conv2d(tf.zeros([...x]) as tf.Tensor4D, tf.zeros([...filter, x[3], 3]) as tf.Tensor4D, [...strides], pad);
    const dyShape = y.shape;
    y.dispose();
    const attrs = { strides, pad, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: [...filter, x[3], 3] };
    await expectWasmMatchesCpu('Conv2DBackpropFilter', { x: () => seededTensor([...x], 6), dy: () => seededTensor(dyShape, 7) }, attrs);
  });
});

describe('Conv2DBackpropFilter on wasm, GEMM route (K = fh·fw·inC ≤ 32) and its boundary', () => {
  it.each([
    ['a first layer: 1 channel, same, stride 1', [3, 10, 9, 1], [3, 3], [1, 1], 'same'],
    ['3 channels, valid stride 2 on an odd size', [2, 11, 10, 3], [3, 3], [2, 2], 'valid'],
    ['3 channels, same stride 2×1', [2, 8, 7, 3], [3, 3], [2, 1], 'same'],
    ['padding beyond the filter', [1, 5, 6, 1], [2, 2], [1, 1], [[0, 0], [2, 1], [0, 3], [0, 0]]],
    ['K = 32 exactly (GEMM)', [2, 6, 6, 2], [4, 4], [1, 1], 'same'],
    ['K = 36 (convolution route)', [2, 6, 6, 4], [3, 3], [1, 1], 'same'],
  ] as const)('%s', async (_name, x, filter, strides, pad) => {
    await initBackend('cpu');
    const padding = (typeof pad === 'string' ? pad : pad.map((p) => [...p])) as 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];
    const y = tf.conv2d(tf.zeros([...x]) as tf.Tensor4D, tf.zeros([...filter, x[3], 3]) as tf.Tensor4D, [...strides], padding);
    const dyShape = y.shape;
    y.dispose();
    const attrs = { strides, pad: padding, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: [...filter, x[3], 3] };
    await expectWasmMatchesCpu('Conv2DBackpropFilter', { x: () => seededTensor([...x], 8), dy: () => seededTensor(dyShape, 9) }, attrs);
  });
});

describe('Conv2DBackpropFilter on wasm, flipped route (stride 1, x smaller than dy) and its boundaries', () => {
  // [x shape, filter, outC, padding]: the flipped route, plus the cases that must keep the other route.
  it.each([
    ['same 3×3, odd non-square size', [2, 7, 5, 4], [3, 3], 9, 'same'],
    ['valid 3×2', [3, 6, 7, 6], [3, 2], 11, 'valid'],
    ['same 4×4 (uneven padding)', [2, 6, 6, 3], [4, 4], 8, 'same'],
    ['explicit padding up to the filter size − 1', [1, 5, 6, 4], [3, 3], 7, [[0, 0], [2, 0], [1, 2], [0, 0]]],
    ['padding beyond the filter (convolution route)', [1, 5, 6, 9], [2, 2], 7, [[0, 0], [2, 1], [0, 3], [0, 0]]],
    ['dy smaller than x (convolution route)', [2, 6, 6, 9], [3, 3], 4, 'same'],
  ] as const)('%s', async (_name, x, filter, outC, pad) => {
    await initBackend('cpu');
    const padding = (typeof pad === 'string' ? pad : pad.map((p) => [...p])) as 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];
    const y = tf.conv2d(tf.zeros([...x]) as tf.Tensor4D, tf.zeros([...filter, x[3], outC]) as tf.Tensor4D, 1, padding);
    const dyShape = y.shape;
    y.dispose();
    const attrs = { strides: [1, 1], pad: padding, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: [...filter, x[3], outC] };
    await expectWasmMatchesCpu('Conv2DBackpropFilter', { x: () => seededTensor([...x], 10), dy: () => seededTensor(dyShape, 11) }, attrs);
  });
});

describe('Sum on wasm matches cpu', () => {
  it.each([
    ['a conv bias gradient (all axes but the last)', [3, 5, 4, 6], [0, 1, 2], false],
    ['kept dimensions', [3, 5, 4, 6], [0, 1, 2], true],
    ['axes unordered and negative', [3, 5, 4, 6], [-2, 0, 1], false],
    ['a dense bias gradient', [9, 7], [0], false],
    ['inner axes (stock kernel)', [3, 5, 4, 6], [1, 2], false],
    ['every axis (stock kernel)', [3, 5, 6], [0, 1, 2], false],
    ['the last axis (stock kernel)', [4, 6], [1], true],
  ] as const)('%s', async (_name, shape, axis, keepDims) => {
    await expectWasmMatchesCpu('Sum', { x: () => seededTensor([...shape], 10) }, { axis: [...axis], keepDims });
  });

  it('leaves int32 to the stock kernel', async () => {
    await expectWasmMatchesCpu('Sum', { x: () => tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32') }, { axis: [0], keepDims: false });
  });
});

describe('Mean on wasm matches cpu', () => {
  it.each([
    ['batch norm moments (all axes but the last)', [3, 5, 4, 6], [0, 1, 2], false],
    ['kept dimensions', [3, 5, 4, 6], [0, 1, 2], true],
    ['a dense layer\'s moments', [9, 7], [0], true],
    ['inner axes (stock kernel)', [3, 5, 4, 6], [1, 2], false],
  ] as const)('%s', async (_name, shape, axis, keepDims) => {
    await expectWasmMatchesCpu('Mean', { x: () => seededTensor([...shape], 12) }, { axis: [...axis], keepDims });
  });
});

describe('Tile on wasm matches cpu', () => {
  it.each([
    ['batch norm gradient: per-channel values to the activation shape', [1, 1, 1, 20], [3, 4, 5, 1]],
    ['every axis repeated, odd counts', [2, 3, 17], [3, 1, 5]],
    ['repeats of the innermost axis only', [2, 20], [1, 3]],
    ['no repeats', [3, 18], [1, 1]],
    ['short innermost runs (stock kernel)', [4, 3], [2, 2]],
  ] as const)('%s', async (_name, shape, reps) => {
    await expectWasmMatchesCpu('Tile', { x: () => seededTensor([...shape], 11) }, { reps: [...reps] });
  });

  it('tiles int32 and bool by the same block copies', async () => {
    await expectWasmMatchesCpu('Tile', { x: () => tf.tensor2d(Array.from({ length: 32 }, (_, i) => i), [2, 16], 'int32') }, { reps: [2, 2] });
    await expectWasmMatchesCpu('Tile', { x: () => tf.tensor2d(Array.from({ length: 32 }, (_, i) => i % 3 === 0), [2, 16], 'bool') }, { reps: [3, 1] });
  });
});

describe('MaxPoolGrad on wasm matches cpu on ties, −∞ and NaN', () => {
  // After a ReLU most windows tie at 0: the gradient must go to the first of them, as on cpu.
  const withSpecials = (shape: number[]) => () => {
    const values = seededValues(shape.reduce((a, b) => a * b, 1), 12).map((v, i) => (i % 11 === 0 ? Number.NaN : i % 13 === 0 ? Number.NEGATIVE_INFINITY : Math.max(0, v)));
    return tf.tensor(values, shape);
  };
  it.each([
    ['2×2 stride 2 valid (tiled windows, branch-free path)', [2, 6, 8, 5], 2, 2, 'valid'],
    ['2×2 stride 2 same on an even size (tiled, no padding)', [3, 4, 6, 7], 2, 2, 'same'],
    ['2×2 stride 2 valid on an odd size (a row and column no window reads)', [2, 7, 5, 3], 2, 2, 'valid'],
    ['2×2 stride 2 same on an odd size (edge windows too)', [2, 7, 5, 3], 2, 2, 'same'],
    ['3×3 stride 1 same (overlapping windows)', [1, 6, 6, 4], 3, 1, 'same'],
  ] as const)('%s', async (_name, shape, pool, stride, pad) => {
    await initBackend('cpu');
    const y = tf.maxPool(tf.zeros([...shape]) as tf.Tensor4D, pool, stride, pad);
    const dyShape = y.shape;
    y.dispose();
    const attrs = { filterSize: [pool, pool], strides: [stride, stride], pad, dimRoundingMode: undefined };
    await expectWasmMatchesCpu('MaxPoolGrad', { dy: () => seededTensor(dyShape, 13), input: withSpecials([...shape]), output: () => seededTensor(dyShape, 14) }, attrs);
  });
});

it("kernels that only speed wasm up are not reported as fallbacks", async () => {
  const { fallbacks } = await initBackend('wasm');
  for (const k of WASM_TRAINING_KERNELS) {
    expect(tf.getKernel(k.config.kernelName, 'wasm')?.kernelFunc).toBe(k.config.kernelFunc);
    expect(fallbacks.includes(k.note)).toBe(k.kind !== 'faster');
  }
});
