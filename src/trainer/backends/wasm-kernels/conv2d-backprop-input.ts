import {
  backend_util,
  Conv2D,
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { batchMatMul } from './batch-mat-mul';
import { col2imRowsAdd, type Im2ColGeometry } from './im2col';
import { stockWasmKernel } from './stock-kernels';

/**
 * Conv2DBackpropInput (the input gradient of every Conv2D layer but the first) for wasm, replacing
 * tfjs-backend-wasm 4.22's direct loops (≈4 GFLOP/s: 111 ms of a 195 ms CNN step). Two fast paths:
 * - stride 1: dx is the forward convolution of dy with the filter rotated by 180° and its in/out
 *   channels swapped, padded by (filter − 1 − forward padding) on each side, so it runs in XNNPACK's
 *   convolution like the forward pass;
 * - other strides: cols = dy · Wᵀ (M × K, M = batch·outH·outW, K = fh·fw·inC) in XNNPACK's GEMM, then
 *   col2im adds each row's patch back into dx (the adjoint of the im2col the filter gradient uses).
 * Both give the cpu backend's results up to float32 summation order.
 */

// Rows of the cols matrix built per chunk in the strided path: bounded memory, cache-sized chunks.
const MAX_COLS_FLOATS = 1024 * 1024;

export function conv2DBackpropInput(args: { inputs: { dy?: TensorInfo; filter?: TensorInfo }; backend: unknown; attrs?: NamedAttrMap }): TensorInfo {
  const backend = args.backend as BackendWasm;
  const { dy, filter } = args.inputs;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as Conv2DBackpropInputAttrs;
  if (!dy || !filter) throw new Error('Conv2DBackpropInput (wasm): inputs dy and filter are required');
  const format = backend_util.convertConv2DDataFormat(dataFormat);
  if (dy.dtype !== 'float32' || filter.dtype !== 'float32' || format !== 'channelsLast') {
    return stockWasmKernel(Conv2DBackpropInput)(args as Parameters<KernelFunc>[0]) as TensorInfo;
  }
  const info = backend_util.computeConv2DInfo(inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, format);
  const p = info.padInfo;
  const [fh, fw] = [info.filterHeight, info.filterWidth];
  const rotatedPads = [fh - 1 - p.top, fh - 1 - p.bottom, fw - 1 - p.left, fw - 1 - p.right];
  if (info.strideHeight === 1 && info.strideWidth === 1 && rotatedPads.every((v) => v >= 0)) {
    return viaForwardConv(backend, dy, filter, info, rotatedPads as [number, number, number, number]);
  }
  return viaGemmCol2im(backend, dy, filter, info);
}

function viaForwardConv(backend: BackendWasm, dy: TensorInfo, filter: TensorInfo, info: backend_util.Conv2DInfo, pads: [number, number, number, number]): TensorInfo {
  const { filterHeight: fh, filterWidth: fw, inChannels: ci, outChannels: co } = info;
  // W'[i, j, o, c] = W[fh−1−i, fw−1−j, c, o]: HWIO with the roles of the channels swapped.
  const rotated = backend.makeOutput([fh, fw, co, ci], 'float32');
  const w = heapF32(backend, filter);
  const r = heapF32(backend, rotated);
  for (let i = 0; i < fh; i++) {
    for (let j = 0; j < fw; j++) {
      const src = ((fh - 1 - i) * fw + (fw - 1 - j)) * ci * co;
      const dst = (i * fw + j) * co * ci;
      for (let c = 0; c < ci; c++) for (let o = 0; o < co; o++) r[dst + o * ci + c] = w[src + c * co + o]!;
    }
  }
  const attrs = { strides: [1, 1], pad: [[0, 0], [pads[0], pads[1]], [pads[2], pads[3]], [0, 0]], dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined };
  const dx = stockWasmKernel(Conv2D)({ inputs: { x: dy, filter: rotated }, backend, attrs: attrs as unknown as NamedAttrMap }) as TensorInfo;
  backend.disposeData(rotated.dataId);
  return dx;
}

function viaGemmCol2im(backend: BackendWasm, dy: TensorInfo, filter: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const geometry: Im2ColGeometry = {
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
  const rows = info.batchSize * info.outHeight * info.outWidth;
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const co = info.outChannels;
  const dx = backend.makeOutput([info.batchSize, info.inHeight, info.inWidth, info.inChannels], 'float32');
  heapF32(backend, dx).fill(0);
  // The HWIO filter is the K × outChannels matrix W as it lies in memory.
  const w2d: TensorInfo = { dataId: filter.dataId, shape: [k, co], dtype: 'float32' };
  const rowsPerChunk = Math.max(1, Math.floor(MAX_COLS_FLOATS / Math.max(k, co)));
  for (let start = 0; start < rows; start += rowsPerChunk) {
    const count = Math.min(rowsPerChunk, rows - start);
    const dyChunk = backend.makeOutput([count, co], 'float32');
    heapF32(backend, dyChunk).set(heapF32(backend, dy).subarray(start * co, (start + count) * co));
    const cols = batchMatMul({ inputs: { a: dyChunk, b: w2d }, backend, attrs: { transposeA: false, transposeB: true } });
    // Views after every allocation: a malloc may grow wasm memory and detach older views.
    col2imRowsAdd(heapF32(backend, cols), geometry, start, count, heapF32(backend, dx));
    backend.disposeData(dyChunk.dataId);
    backend.disposeData(cols.dataId);
  }
  return dx;
}

function heapF32(backend: BackendWasm, t: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(t) as Float32Array;
}

export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput as unknown as KernelFunc,
};
