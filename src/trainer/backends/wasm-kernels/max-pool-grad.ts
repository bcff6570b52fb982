import { backend_util, MaxPoolGrad, type KernelConfig, type KernelFunc, type MaxPoolGradAttrs, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * MaxPoolGrad for wasm, replacing tfjs-backend-wasm 4.22's own, which sends the gradient of a window
 * whose values are all negative to the window's first element instead of its maximum (pool over
 * [-5, -1, -3, -4] → gradient [1, 0, 0, 0]): harmless right after a ReLU, wrong after tanh, ELU, SELU,
 * leaky ReLU or batchNorm. Same semantics as the cpu backend: each window's gradient
 * goes to the first maximum in row-major scan order, padding never wins, overlapping windows add up.
 * One pass over the windows straight on the wasm heap: O(outputs · window), like the forward pool.
 * Windows over the padding scan all channels at once; the others, per channel in local variables.
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
  const { filterHeight, filterWidth } = info;
  if (filterHeight === 2 && filterWidth === 2 && strideHeight === 2 && strideWidth === 2 && padTop === 0 && padLeft === 0 && outHeight * 2 === inHeight && outWidth * 2 === inWidth) {
    const bits = (a: Float32Array) => new Int32Array(a.buffer, a.byteOffset, a.length);
    tiled2x2(x, bits(g), bits(out), batchSize * outHeight, outWidth, channels);
    return dx;
  }
  out.fill(0);

  // Offsets of a window's taps from its corner, in row-major scan order (the order ties resolve in).
  const taps = new Int32Array(filterHeight * filterWidth);
  for (let r = 0; r < filterHeight; r++) for (let col = 0; col < filterWidth; col++) taps[r * filterWidth + col] = (r * inWidth + col) * channels;
  const tapCount = taps.length;
  // Edge windows (those over the padding) scan all channels at once through these.
  const best = new Float32Array(channels);
  const bestIndex = new Int32Array(channels);
  let dyIndex = 0;
  for (let b = 0; b < batchSize; b++) {
    const imageOffset = b * inHeight * inWidth * channels;
    for (let oh = 0; oh < outHeight; oh++) {
      const rowCorner = oh * strideHeight - padTop;
      const rowsInside = rowCorner >= 0 && rowCorner + filterHeight <= inHeight;
      for (let ow = 0; ow < outWidth; ow++, dyIndex += channels) {
        const colCorner = ow * strideWidth - padLeft;
        if (rowsInside && colCorner >= 0 && colCorner + filterWidth <= inWidth) {
          // A window wholly inside the image (all of them without padding): per channel, a scan of
          // the taps in locals; this is most of a CNN's windows and most of this kernel's time.
          const corner = imageOffset + (rowCorner * inWidth + colCorner) * channels;
          if (tapCount === 4) {
            scan2x2(x, g, out, corner, dyIndex, channels, taps[1]!, taps[2]!, taps[3]!);
            continue;
          }
          for (let c = 0; c < channels; c++) {
            let bestValue = Number.NEGATIVE_INFINITY;
            let at = -1;
            for (let k = 0; k < tapCount; k++) {
              const i = corner + taps[k]! + c;
              const value = x[i]!;
              // Strictly greater: the first maximum in row-major scan order wins, as on cpu.
              if (value > bestValue) {
                bestValue = value;
                at = i;
              }
            }
            // All-NaN or all −∞ window: the cpu backend gives it no gradient either.
            if (at >= 0) out[at]! += g[dyIndex + c]!;
          }
          continue;
        }
        const rowStart = Math.max(0, rowCorner);
        const rowEnd = Math.min(inHeight, rowCorner + filterHeight);
        const colStart = Math.max(0, colCorner);
        const colEnd = Math.min(inWidth, colCorner + filterWidth);
        best.fill(Number.NEGATIVE_INFINITY);
        bestIndex.fill(-1);
        for (let r = rowStart; r < rowEnd; r++) {
          for (let col = colStart; col < colEnd; col++) {
            const base = imageOffset + (r * inWidth + col) * channels;
            for (let c = 0; c < channels; c++) {
              const value = x[base + c]!;
              if (value > best[c]!) {
                best[c] = value;
                bestIndex[c] = base + c;
              }
            }
          }
        }
        for (let c = 0; c < channels; c++) {
          const index = bestIndex[c]!;
          if (index >= 0) out[index]! += g[dyIndex + c]!;
        }
      }
    }
  }
  return dx;
}

/**
 * The 2×2 window (the usual pooling) unrolled, choosing by conditional moves rather than branches:
 * which tap holds the maximum is data-dependent and mispredicts; this runs ≈25% faster than the loop.
 * Same rule as the loop: strictly greater from −∞, so the first maximum wins and NaN never does.
 */
function scan2x2(x: Float32Array, g: Float32Array, out: Float32Array, corner: number, dyIndex: number, channels: number, t1: number, t2: number, t3: number): void {
  for (let c = 0; c < channels; c++) {
    const i0 = corner + c;
    const v0 = x[i0]!;
    const v1 = x[i0 + t1]!;
    const v2 = x[i0 + t2]!;
    const v3 = x[i0 + t3]!;
    let best = Number.NEGATIVE_INFINITY;
    let at = -1;
    const a0 = v0 > best;
    best = a0 ? v0 : best;
    at = a0 ? 0 : at;
    const a1 = v1 > best;
    best = a1 ? v1 : best;
    at = a1 ? t1 : at;
    const a2 = v2 > best;
    best = a2 ? v2 : best;
    at = a2 ? t2 : at;
    const a3 = v3 > best;
    at = a3 ? t3 : at;
    if (at >= 0) out[i0 + at]! += g[dyIndex + c]!;
  }
}

/**
 * The usual pooling (2×2, stride 2, no padding, even sizes): the windows tile the image, so every input
 * element is written exactly once, the gradient or 0, with no zero-fill pass and no read-modify-write.
 * Which tap wins is data-dependent (random after a ReLU) and mispredicts as a branch, so the winner is
 * found by comparisons turned into 0/1 integers and the gradient's bits are masked into place (also
 * exact: +0 elsewhere, as on cpu). ≈2× the general path. Same rule: first maximum wins, NaN never does.
 */
function tiled2x2(x: Float32Array, gBits: Int32Array, outBits: Int32Array, outRows: number, outWidth: number, channels: number): void {
  const t1 = channels;
  const t2 = 2 * outWidth * channels;
  const t3 = t2 + channels;
  let dyIndex = 0;
  for (let row = 0; row < outRows; row++) {
    // Output row `row` (counting over all images) reads input rows 2·row and 2·row + 1.
    let corner = row * 2 * t2;
    for (let ow = 0; ow < outWidth; ow++, corner += 2 * channels) {
      for (let c = 0; c < channels; c++, dyIndex++) {
        const i0 = corner + c;
        const v0 = x[i0]!;
        const v1 = x[i0 + t1]!;
        const v2 = x[i0 + t2]!;
        const v3 = x[i0 + t3]!;
        const bits = gBits[dyIndex]!;
        // cN: tap N beats every earlier tap (strictly, from −∞: NaN never wins).
        const c0 = (v0 > Number.NEGATIVE_INFINITY ? 1 : 0) | 0;
        const best0 = c0 ? v0 : Number.NEGATIVE_INFINITY;
        const c1 = (v1 > best0 ? 1 : 0) | 0;
        const best1 = c1 ? v1 : best0;
        const c2 = (v2 > best1 ? 1 : 0) | 0;
        const best2 = c2 ? v2 : best1;
        const c3 = (v3 > best2 ? 1 : 0) | 0;
        // Tap N holds the maximum when it beat the earlier ones and no later one beat it.
        const none3 = c3 ^ 1;
        const none23 = none3 & (c2 ^ 1);
        const none123 = none23 & (c1 ^ 1);
        outBits[i0] = bits & -(c0 & none123);
        outBits[i0 + t1] = bits & -(c1 & none23);
        outBits[i0 + t2] = bits & -(c2 & none3);
        outBits[i0 + t3] = bits & -c3;
      }
    }
  }
}

export const maxPoolGradConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGrad as unknown as KernelFunc,
};
