import { Mean, Sum, util, type KernelConfig, type KernelFunc, type NamedAttrMap, type SumAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { stockWasmKernel } from './stock-kernels';

/**
 * Sum for wasm with a fast path for reducing every axis but the last: the bias gradient of every
 * Conv2D and Dense layer (dy summed over batch and pixels). tfjs-backend-wasm 4.22 first transposes
 * the input so that the reduced axes come last (a full copy, strided), then reduces: 6.4 ms for a
 * 64×28×28×32 gradient. Here one sequential pass on the wasm heap adds each row into per-channel
 * accumulators (float64, so no less precise than a float32 reduction in any order): 2-3 ms.
 * Every other reduction goes to wasm's own kernel.
 */
export function sum(args: KernelArgs): TensorInfo {
  return reduceLeadingAxes(Sum, args, false);
}

/**
 * Mean with the same fast path: batch normalization's moments (mean and variance per channel, over
 * batch and pixels) hit wasm's transposing Mean twice per layer and step.
 */
export function mean(args: KernelArgs): TensorInfo {
  return reduceLeadingAxes(Mean, args, true);
}

type KernelArgs = { inputs: { x?: TensorInfo }; backend: unknown; attrs?: NamedAttrMap };

function reduceLeadingAxes(kernelName: typeof Sum | typeof Mean, args: KernelArgs, divide: boolean): TensorInfo {
  const backend = args.backend as BackendWasm;
  const { x } = args.inputs;
  const { axis, keepDims } = args.attrs as unknown as SumAttrs;
  if (!x || x.dtype !== 'float32' || x.shape.length < 2 || util.sizeFromShape(x.shape) === 0 || !reducesLeadingAxes(x.shape, axis)) {
    return stockWasmKernel(kernelName)(args as Parameters<KernelFunc>[0]) as TensorInfo;
  }
  const channels = x.shape[x.shape.length - 1]!;
  const rows = util.sizeFromShape(x.shape) / channels;
  const outShape = keepDims ? [...x.shape.slice(0, -1).map(() => 1), channels] : [channels];
  const result = backend.makeOutput(outShape, 'float32');
  // Views after the allocation: a malloc may grow wasm memory and detach older views.
  const values = backend.typedArrayFromHeap(x) as Float32Array;
  const out = backend.typedArrayFromHeap(result) as Float32Array;
  const totals = new Float64Array(channels);
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < channels; c++, i++) totals[c]! += values[i]!;
  }
  if (divide) for (let c = 0; c < channels; c++) totals[c]! /= rows;
  out.set(totals);
  return result;
}

/** Whether `axis` names exactly the axes before the last one (in any order, negative allowed). */
function reducesLeadingAxes(shape: readonly number[], axis: number | number[]): boolean {
  const rank = shape.length;
  const axes = util.parseAxisParam(axis, [...shape]);
  if (axes.length !== rank - 1) return false;
  const sorted = [...new Set(axes)].sort((a, b) => a - b);
  return sorted.length === rank - 1 && sorted.every((a, i) => a === i);
}

export const sumConfig: KernelConfig = {
  kernelName: Sum,
  backendName: 'wasm',
  kernelFunc: sum as unknown as KernelFunc,
};

export const meanConfig: KernelConfig = {
  kernelName: Mean,
  backendName: 'wasm',
  kernelFunc: mean as unknown as KernelFunc,
};
