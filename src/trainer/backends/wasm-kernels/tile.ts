import { Tile, util, type KernelConfig, type KernelFunc, type NamedAttrMap, type TensorInfo, type TileAttrs } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { stockWasmKernel } from './stock-kernels';

// Below this many values per innermost run the stock kernel's element loop is as good as block copies.
const MIN_RUN = 16;

/**
 * Tile for wasm by block copies. The gradient of batch normalization (FusedBatchNorm's grad in
 * tfjs-core) tiles the per-channel 1/√variance to the full activation shape, [1,1,1,C] → [N,H,W,C],
 * and tfjs-backend-wasm 4.22 does that value by value with index arithmetic: 42% of a CNN-with-
 * batch-norm training step. Here each innermost row is copied once and every repetition of an axis is
 * a doubling TypedArray.copyWithin on the wasm heap. Tiles whose innermost runs are short (many tiny
 * copies) go to the stock kernel.
 */
export function tile(args: { inputs: { x?: TensorInfo }; backend: unknown; attrs?: NamedAttrMap }): TensorInfo {
  const backend = args.backend as BackendWasm;
  const { x } = args.inputs;
  const { reps } = args.attrs as unknown as TileAttrs;
  if (!x || x.dtype === 'string' || x.dtype === 'complex64' || x.shape.length === 0 || reps.length !== x.shape.length) return stock(args);
  const rank = x.shape.length;
  const lastRun = x.shape[rank - 1]! * reps[rank - 1]!;
  if (lastRun < MIN_RUN && util.sizeFromShape(x.shape) > x.shape[rank - 1]!) return stock(args);
  const outShape = x.shape.map((d, i) => d * reps[i]!);
  const out = backend.makeOutput(outShape, x.dtype);
  if (util.sizeFromShape(outShape) === 0) return out;
  // Views after the allocation: a malloc may grow wasm memory and detach older views.
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  // inStride[d] / outStride[d]: values in one step of axis d (the size of axes d+1.. of input / output).
  const inStride = util.computeStrides(x.shape).concat(1);
  const outStride = util.computeStrides(outShape).concat(1);
  const fill = (d: number, from: number, to: number) => {
    const dim = x.shape[d]!;
    if (d === rank - 1) dst.set(src.subarray(from, from + dim), to);
    else for (let i = 0; i < dim; i++) fill(d + 1, from + i * inStride[d]!, to + i * outStride[d]!);
    repeat(dst, to, dim * outStride[d]!, reps[d]!);
  };
  fill(0, 0, 0);
  return out;
}

/** Copies the block [start, start + size) `times` − 1 more times right after itself, doubling each copy. */
function repeat(a: { copyWithin(target: number, start: number, end: number): unknown }, start: number, size: number, times: number): void {
  const total = size * times;
  for (let filled = size; filled < total; filled *= 2) a.copyWithin(start + filled, start, start + Math.min(filled, total - filled));
}

const stock = (args: unknown) => stockWasmKernel(Tile)(args as Parameters<KernelFunc>[0]) as TensorInfo;

export const tileConfig: KernelConfig = {
  kernelName: Tile,
  backendName: 'wasm',
  kernelFunc: tile as unknown as KernelFunc,
};
