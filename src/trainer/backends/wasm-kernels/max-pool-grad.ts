import { backend_util, MaxPoolGrad, type KernelConfig, type KernelFunc, type MaxPoolGradAttrs, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * MaxPoolGrad for wasm, replacing tfjs-backend-wasm 4.22's own, which sends the gradient of a window
 * whose values are all negative to the window's first element instead of its maximum (pool over
 * [-5, -1, -3, -4] → gradient [1, 0, 0, 0]): harmless right after a ReLU, wrong after tanh, ELU, SELU,
 * leaky ReLU or batchNorm. Same semantics as the cpu backend: each window's gradient
 * goes to the first maximum in row-major scan order, padding never wins, overlapping windows add up.
 * One pass over the windows straight on the wasm heap: O(outputs · window), like the forward pool.
 */
export function maxPoolGrad(args: { inputs: { dy?: TensorInfo; input?: TensorInfo }; backend: unknown; attrs?: NamedAttrMap }): TensorInfo {
  const backend = args.backend as BackendWasm;
  const { dy, input } = args.inputs;
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as MaxPoolGradAttrs;
  if (!dy || !input) throw new Error('MaxPoolGrad (wasm): inputs dy and input are required');
  if (input.dtype !== 'float32' || dy.dtype !== 'float32') {
    throw new Error(`MaxPoolGrad (wasm): only float32 is supported, got input ${input.dtype} and dy ${dy.dtype}`);
  }
  const info = backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, strideHeight, strideWidth } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;

  const dx = backend.makeOutput([...input.shape], 'float32');
  // Views after the allocation: a malloc may grow wasm memory and detach older views.
  const out = backend.typedArrayFromHeap(dx) as Float32Array;
  const x = backend.typedArrayFromHeap(input) as Float32Array;
  const g = backend.typedArrayFromHeap(dy) as Float32Array;
  out.fill(0);

  // Per window, all channels at once: each window element is a contiguous run of `channels` values
  // in NHWC, so the scan reads memory in order instead of striding by `channels` per value.
  const best = new Float32Array(channels);
  const bestIndex = new Int32Array(channels);
  let dyIndex = 0;
  for (let b = 0; b < batchSize; b++) {
    const imageOffset = b * inHeight * inWidth * channels;
    for (let oh = 0; oh < outHeight; oh++) {
      const rowCorner = oh * strideHeight - padTop;
      const rowStart = Math.max(0, rowCorner);
      const rowEnd = Math.min(inHeight, rowCorner + info.filterHeight);
      for (let ow = 0; ow < outWidth; ow++, dyIndex += channels) {
        const colCorner = ow * strideWidth - padLeft;
        const colStart = Math.max(0, colCorner);
        const colEnd = Math.min(inWidth, colCorner + info.filterWidth);
        best.fill(Number.NEGATIVE_INFINITY);
        bestIndex.fill(-1);
        for (let r = rowStart; r < rowEnd; r++) {
          for (let col = colStart; col < colEnd; col++) {
            const base = imageOffset + (r * inWidth + col) * channels;
            for (let c = 0; c < channels; c++) {
              const value = x[base + c]!;
              // Strictly greater: the first maximum in row-major scan order wins, as on cpu.
              if (value > best[c]!) {
                best[c] = value;
                bestIndex[c] = base + c;
              }
            }
          }
        }
        for (let c = 0; c < channels; c++) {
          const index = bestIndex[c]!;
          // All-NaN or all −∞ window: the cpu backend gives it no gradient either.
          if (index >= 0) out[index]! += g[dyIndex + c]!;
        }
      }
    }
  }
  return dx;
}

export const maxPoolGradConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGrad as unknown as KernelFunc,
};
