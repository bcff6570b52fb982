import {
  backend_util,
  BatchMatMul,
  Conv2D,
  Conv2DBackpropFilter,
  Slice,
  Transpose,
  type Conv2DBackpropFilterAttrs,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { im2colTransposed } from './im2col';
import { stockWasmKernel } from './stock-kernels';

/**
 * Conv2DBackpropFilter for the wasm backend, which tfjs 4.22 lacks (tfjs #8474): without it no Conv2D
 * layer can train on wasm. The filter gradient
 *   dW[i, j, c, o] = Σ_{b, oh, ow} x[b, oh·sh + i − padTop, ow·sw + j − padLeft, c] · dy[b, oh, ow, o]
 * is itself a convolution, run in XNNPACK's convolution like the forward pass: the input is x as
 * [c, H, W, b] (the batch becomes the channels), the filter is dy as [outH, outW, b, o], dilated by the
 * forward stride, and the output [c, fh, fw, o] is dW with its first axes swapped. Three transposes
 * in wasm's Transpose kernel frame it. On a 64×14×14×32 → 64 batch this takes 14 ms where im2col + GEMM
 * took 24. A narrow input (a first layer) goes through im2col + GEMM instead (see prefersGemm), and a
 * stride-1 layer whose x is smaller than its dy through the convolution with the roles of x and dy
 * swapped (see prefersFlipped).
 */

export function conv2DBackpropFilter(args: { inputs: { x?: TensorInfo; dy?: TensorInfo }; backend: unknown; attrs?: NamedAttrMap }): TensorInfo {
  const backend = args.backend as BackendWasm;
  const { x, dy } = args.inputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as Conv2DBackpropFilterAttrs;
  if (!x || !dy) throw new Error('Conv2DBackpropFilter (wasm): inputs x and dy are required');
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') {
    throw new Error(`Conv2DBackpropFilter (wasm): only float32 is supported, got x ${x.dtype} and dy ${dy.dtype}`);
  }
  const format = backend_util.convertConv2DDataFormat(dataFormat);
  // tfjs-layers transposes channelsFirst inputs to NHWC before its convolutions, so NCHW never reaches here.
  if (format !== 'channelsLast') throw new Error('Conv2DBackpropFilter (wasm): only NHWC (channelsLast) is supported');
  const info = backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, format);
  const { batchSize, inChannels, outChannels, filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  if (prefersGemm(info)) return viaGemm(backend, x, dy, info);
  if (prefersFlipped(info)) return viaFlippedConvolution(backend, x, dy, info);
  // Rows and columns of x the forward pass read; the rest (a 'valid' stride that does not divide the
  // size) are cropped, as a convolution cannot take a negative padding.
  const usedHeight = Math.min(info.inHeight, (info.outHeight - 1) * sh + fh - top);
  const usedWidth = Math.min(info.inWidth, (info.outWidth - 1) * sw + fw - left);
  const bottom = (info.outHeight - 1) * sh + fh - top - usedHeight;
  const right = (info.outWidth - 1) * sw + fw - left - usedWidth;

  const temps: TensorInfo[] = [];
  const run = (name: string, inputs: Record<string, TensorInfo>, attrs: object) => {
    const out = stockWasmKernel(name)({ inputs, backend, attrs: attrs as NamedAttrMap }) as TensorInfo;
    temps.push(out);
    return out;
  };
  const cropped =
    usedHeight < info.inHeight || usedWidth < info.inWidth
      ? run(Slice, { x }, { begin: [0, 0, 0, 0], size: [batchSize, usedHeight, usedWidth, inChannels] })
      : x;
  const xT = run(Transpose, { x: cropped }, { perm: [3, 1, 2, 0] }); // [c, H, W, b]
  const dyT = run(Transpose, { x: dy }, { perm: [1, 2, 0, 3] }); // [outH, outW, b, o]
  const convAttrs = { strides: [1, 1], pad: [[0, 0], [top, bottom], [left, right], [0, 0]], dataFormat: 'NHWC', dilations: [sh, sw], dimRoundingMode: undefined };
  const dWt = run(Conv2D, { x: xT, filter: dyT }, convAttrs); // [c, fh, fw, o]
  const dW = stockWasmKernel(Transpose)({ inputs: { x: dWt }, backend, attrs: { perm: [1, 2, 0, 3] } }) as TensorInfo;
  for (const t of temps) backend.disposeData(t.dataId);
  if (dW.shape.join() !== [fh, fw, inChannels, outChannels].join()) {
    throw new Error(`Conv2DBackpropFilter (wasm): internal shape mismatch, got [${dW.shape.join(', ')}] for filter [${[fh, fw, inChannels, outChannels].join(', ')}]`);
  }
  return dW;
}

/**
 * The convolution route hands XNNPACK dy as a filter as big as the image (repacked on every call) and
 * asks for only K = fh·fw·inC output pixels: when K is small (a first layer, inC = 1 or 3) that overhead
 * dominates. There the GEMM route wins: its im2col is cheap (K floats per output position), though
 * XNNPACK still packs dy as the GEMM's weights (≈6 ns a float). Measured per call, fresh dy each time,
 * 3×3 filter, 64 images: 28×28×1→32 GEMM 12 ms vs conv 27; 32×32×3→32 25 vs 36; 16×16×8→32 10 vs 8;
 * 14×14×16→64 23 vs 14. Hence the GEMM for K ≤ 32.
 */
const GEMM_MAX_K = 32;
const prefersGemm = (info: backend_util.Conv2DInfo): boolean => info.filterHeight * info.filterWidth * info.inChannels <= GEMM_MAX_K;

/** dW (K × outC) = colsT (K × M) · dy (M × outC), with colsT the transposed im2col of x. */
function viaGemm(backend: BackendWasm, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const { batchSize, outHeight, outWidth, filterHeight: fh, filterWidth: fw, inChannels: ci, outChannels: co } = info;
  const K = fh * fw * ci;
  const M = batchSize * outHeight * outWidth;
  const colsT = backend.makeOutput([1, K, M], 'float32');
  im2colTransposed(backend.typedArrayFromHeap(x) as Float32Array, batchSize, { ...info, padTop: info.padInfo.top, padLeft: info.padInfo.left }, backend.typedArrayFromHeap(colsT) as Float32Array);
  // dy viewed as M × outC: a reshape on the backend is the same data under another shape.
  const dy2d: TensorInfo = { dataId: dy.dataId, shape: [1, M, co], dtype: 'float32' };
  const dW = stockWasmKernel(BatchMatMul)({ inputs: { a: colsT, b: dy2d }, backend, attrs: { transposeA: false, transposeB: false } }) as TensorInfo;
  backend.disposeData(colsT.dataId);
  return { dataId: dW.dataId, shape: [fh, fw, ci, co], dtype: 'float32' };
}

/**
 * Either convolution framing makes XNNPACK repack its filter operand on every call (≈6 ns a float), so
 * the smaller of x and dy should be the filter. With stride 1, x can be: then
 *   out[o, u, v, c] = Σ_{b, p, q} dy[b, u + p − pt, v + q − pl, o] · x[b, p, q, c] = dW[fh−1−u, fw−1−v, c, o]
 * with pt = fh−1−top, pl = fw−1−left: dy as [o, outH, outW, b] is the input, x as [H, W, b, c] the
 * filter, and the output is dW spatially flipped with its channel axes swapped. Measured per call,
 * 3×3 same, 64 images: 14×14×32→64 18 ms vs 21; 16×16×8→32 4.7 vs 7.6; 14×14×16→64 10 vs 13; equal
 * sizes tie, 14×14×64→32 (dy smaller) 21 vs 18. A stride would need x subsampled, and a padding beyond
 * the filter a negative one: those keep the route above.
 */
const prefersFlipped = (info: backend_util.Conv2DInfo): boolean => {
  const { strideHeight, strideWidth, dilationHeight, dilationWidth, filterHeight: fh, filterWidth: fw, padInfo: p } = info;
  const xSize = info.inHeight * info.inWidth * info.inChannels;
  const dySize = info.outHeight * info.outWidth * info.outChannels;
  const unit = strideHeight === 1 && strideWidth === 1 && dilationHeight === 1 && dilationWidth === 1;
  return unit && xSize < dySize && Math.max(p.top, p.bottom) < fh && Math.max(p.left, p.right) < fw;
};

function viaFlippedConvolution(backend: BackendWasm, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const { filterHeight: fh, filterWidth: fw, inChannels: ci, outChannels: co, padInfo: p } = info;
  const temps: TensorInfo[] = [];
  const run = (name: string, inputs: Record<string, TensorInfo>, attrs: object) => {
    const out = stockWasmKernel(name)({ inputs, backend, attrs: attrs as NamedAttrMap }) as TensorInfo;
    temps.push(out);
    return out;
  };
  const dyT = run(Transpose, { x: dy }, { perm: [3, 1, 2, 0] }); // [o, outH, outW, b]
  const xT = run(Transpose, { x }, { perm: [1, 2, 0, 3] }); // [H, W, b, c]
  const pad = [[0, 0], [fh - 1 - p.top, fh - 1 - p.bottom], [fw - 1 - p.left, fw - 1 - p.right], [0, 0]];
  const flipped = run(Conv2D, { x: dyT, filter: xT }, { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined }); // [o, fh, fw, c]
  if (flipped.shape.join() !== [co, fh, fw, ci].join()) {
    throw new Error(`Conv2DBackpropFilter (wasm): internal shape mismatch, got [${flipped.shape.join(', ')}] for [${[co, fh, fw, ci].join(', ')}]`);
  }
  const dW = backend.makeOutput([fh, fw, ci, co], 'float32');
  const src = backend.typedArrayFromHeap(flipped) as Float32Array;
  const dst = backend.typedArrayFromHeap(dW) as Float32Array;
  // Small (the filter's size): a plain loop un-flips and swaps the channel axes in one pass.
  for (let o = 0; o < co; o++) {
    for (let u = 0; u < fh; u++) {
      for (let v = 0; v < fw; v++) {
        let from = ((o * fh + u) * fw + v) * ci;
        let to = ((fh - 1 - u) * fw + (fw - 1 - v)) * ci * co + o;
        for (let c = 0; c < ci; c++, to += co) dst[to] = src[from++]!;
      }
    }
  }
  for (const t of temps) backend.disposeData(t.dataId);
  return dW;
}

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as KernelFunc,
};
