import { BatchMatMul, Transpose, util, type BatchMatMulAttrs, type KernelConfig, type KernelFunc, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { stockWasmKernel } from './stock-kernels';

/**
 * BatchMatMul for wasm that never hands a transposed operand to tfjs-backend-wasm 4.22's own kernel:
 * that kernel runs XNNPACK's fast GEMM (≈35-40 GFLOP/s on one core) only when neither operand is
 * transposed and falls back to plain loops (≈3 GFLOP/s) otherwise. Every Dense layer's backward pass
 * asks for both transposes (dx = dy·Wᵀ, dW = xᵀ·dy), so training spent most of its time there.
 * Here the transposes are done explicitly by wasm's Transpose kernel (a copy, O(size)) and the product
 * by wasm's untransposed path, choosing the cheapest identity among
 *   Aᵀ·B = (Bᵀ·A)ᵀ,   A·Bᵀ = (B·Aᵀ)ᵀ,   Aᵀ·Bᵀ = (B·A)ᵀ
 * by the number of floats copied. Batched products (batch > 1) are left to wasm's kernel: none of
 * our layers makes them, and wasm has no fast path for them either way.
 */
export function batchMatMul(args: { inputs: { a?: TensorInfo; b?: TensorInfo }; backend: unknown; attrs?: NamedAttrMap }): TensorInfo {
  const backend = args.backend as BackendWasm;
  const { a, b } = args.inputs;
  const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs;
  const original = stockWasmKernel(BatchMatMul);
  if (!a || !b || (!transposeA && !transposeB) || a.dtype !== 'float32' || b.dtype !== 'float32' || batchOf(a) !== 1 || batchOf(b) !== 1) {
    return original(args as Parameters<KernelFunc>[0]) as TensorInfo;
  }
  const mm = (x: TensorInfo, y: TensorInfo) => original({ inputs: { a: x, b: y }, backend, attrs: { transposeA: false, transposeB: false } }) as TensorInfo;
  const rows = (t: TensorInfo, transposed: boolean) => t.shape[t.shape.length - (transposed ? 1 : 2)]!;
  const cols = (t: TensorInfo, transposed: boolean) => t.shape[t.shape.length - (transposed ? 2 : 1)]!;
  const outSize = rows(a, transposeA) * cols(b, transposeB);
  const sizeA = util.sizeFromShape(a.shape);
  const sizeB = util.sizeFromShape(b.shape);

  const temps: TensorInfo[] = [];
  const t = (x: TensorInfo) => {
    const out = swapLastAxes(backend, x);
    temps.push(out);
    return out;
  };
  const kept = (x: TensorInfo) => {
    temps.push(x);
    return x;
  };
  let result: TensorInfo;
  if (transposeA && transposeB) {
    result = outSize <= sizeA + sizeB ? swapLastAxes(backend, kept(mm(b, a))) : mm(t(a), t(b));
  } else if (transposeA) {
    result = sizeA <= sizeB + outSize ? mm(t(a), b) : swapLastAxes(backend, kept(mm(t(b), a)));
  } else {
    result = sizeB <= sizeA + outSize ? mm(a, t(b)) : swapLastAxes(backend, kept(mm(b, t(a))));
  }
  for (const temp of temps) backend.disposeData(temp.dataId);
  return result;
}

/** Product of the leading (batch) dimensions. */
const batchOf = (t: TensorInfo): number => util.sizeFromShape(t.shape.slice(0, -2));

function swapLastAxes(backend: BackendWasm, x: TensorInfo): TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];
  return stockWasmKernel(Transpose)({ inputs: { x }, backend, attrs: { perm } }) as TensorInfo;
}

export const batchMatMulConfig: KernelConfig = {
  kernelName: BatchMatMul,
  backendName: 'wasm',
  kernelFunc: batchMatMul as unknown as KernelFunc,
};
