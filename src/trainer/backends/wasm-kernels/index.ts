import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { batchMatMulConfig } from './batch-mat-mul';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input';
import { gatherRowsConfig } from './gather-rows';
import { maxPoolGradConfig } from './max-pool-grad';
import { rememberStockKernel } from './stock-kernels';
import { meanConfig, sumConfig } from './sum-leading-axes';
import { tileConfig } from './tile';

export interface WasmTrainingKernel {
  config: KernelConfig;
  /**
   * 'missing': wasm has none, ours fills the gap; 'replaces': wasm's own gives wrong results;
   * 'faster': wasm's own is right but slow on a case training hits, ours routes that case to a fast path.
   */
  kind: 'missing' | 'replaces' | 'faster';
  /** One line for the run's fallbacks list ('missing' and 'replaces'; a faster kernel is no fallback). */
  note: string;
}

/**
 * Kernels the gradients of our layers need that tfjs-backend-wasm 4.22 lacks, gets wrong or runs
 * slowly, found by running a training step of every layer, loss and optimizer we offer on wasm against
 * the cpu backend (test/unit/trainer/backends keeps this list honest) and by profiling training
 * (bench/training-speed.ts).
 */
export const WASM_TRAINING_KERNELS: readonly WasmTrainingKernel[] = [
  {
    config: conv2DBackpropFilterConfig,
    kind: 'missing',
    note: "Conv2DBackpropFilter: missing from tfjs-backend-wasm 4.22 (tfjs #8474); using HParam Studio's kernel (the gradient as a convolution or, for narrow inputs, a GEMM in wasm's XNNPACK)",
  },
  {
    config: maxPoolGradConfig,
    kind: 'replaces',
    note: "MaxPoolGrad: tfjs-backend-wasm 4.22's kernel misroutes the gradient of all-negative windows; using HParam Studio's kernel (JS on the wasm heap)",
  },
  {
    config: batchMatMulConfig,
    kind: 'faster',
    note: "BatchMatMul: tfjs-backend-wasm 4.22 multiplies transposed operands in plain loops; HParam Studio's kernel transposes first and uses XNNPACK's GEMM",
  },
  {
    config: conv2DBackpropInputConfig,
    kind: 'faster',
    note: "Conv2DBackpropInput: tfjs-backend-wasm 4.22 runs it in direct loops; HParam Studio's kernel uses XNNPACK's convolution (stride 1) or GEMM + col2im",
  },
  {
    config: gatherRowsConfig,
    kind: 'faster',
    note: "GatherV2: tfjs-backend-wasm 4.22 gathers value by value; HParam Studio's kernel copies whole rows (mini-batches from the split on the backend)",
  },
  {
    config: sumConfig,
    kind: 'faster',
    note: "Sum: tfjs-backend-wasm 4.22 transposes before reducing; HParam Studio's kernel sums a bias gradient (all axes but the last) in one pass",
  },
  {
    config: meanConfig,
    kind: 'faster',
    note: "Mean: tfjs-backend-wasm 4.22 transposes before reducing; HParam Studio's kernel averages per channel (batch normalization's moments) in one pass",
  },
  {
    config: tileConfig,
    kind: 'faster',
    note: "Tile: tfjs-backend-wasm 4.22 tiles value by value; HParam Studio's kernel copies blocks (batch normalization's gradient tiles 1/√variance to the activation's shape)",
  },
];

/**
 * Puts our kernels in place for 'wasm' and returns the fallback notes of those in effect. A missing
 * kernel that a later tfjs ships is left to tfjs. Safe to call more than once.
 */
export function registerWasmTrainingKernels(): string[] {
  const inEffect: string[] = [];
  for (const kernel of WASM_TRAINING_KERNELS) {
    const { kernelName, kernelFunc } = kernel.config;
    const existing = getKernel(kernelName, 'wasm');
    if (existing?.kernelFunc !== kernelFunc) {
      if (existing && kernel.kind === 'missing') continue;
      rememberStockKernel(kernelName, kernelFunc);
      // Unregister first: registerKernel warns about, rather than replaces quietly, an existing kernel.
      if (existing) unregisterKernel(kernelName, 'wasm');
      registerKernel(kernel.config);
    }
    if (kernel.kind !== 'faster') inEffect.push(kernel.note);
  }
  return inEffect;
}
