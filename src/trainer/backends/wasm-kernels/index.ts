import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter';
import { maxPoolGradConfig } from './max-pool-grad';

export interface WasmTrainingKernel {
  config: KernelConfig;
  /** 'missing': wasm has none, ours fills the gap; 'replaces': wasm's own gives wrong results. */
  kind: 'missing' | 'replaces';
  /** One line for the run's fallbacks list. */
  note: string;
}

/**
 * Kernels the gradients of our layers need that tfjs-backend-wasm 4.22 lacks or gets wrong, found by
 * running a training step of every layer, loss and optimizer we offer on wasm against the cpu backend
 * (test/unit/trainer/backends keeps this list honest).
 */
export const WASM_TRAINING_KERNELS: readonly WasmTrainingKernel[] = [
  {
    config: conv2DBackpropFilterConfig,
    kind: 'missing',
    note: "Conv2DBackpropFilter: missing from tfjs-backend-wasm 4.22 (tfjs #8474); using HParam Studio's kernel (JS im2col + wasm BatchMatMul)",
  },
  {
    config: maxPoolGradConfig,
    kind: 'replaces',
    note: "MaxPoolGrad: tfjs-backend-wasm 4.22's kernel misroutes the gradient of all-negative windows; using HParam Studio's kernel (JS on the wasm heap)",
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
    if (existing?.kernelFunc === kernelFunc) {
      inEffect.push(kernel.note);
      continue;
    }
    if (existing && kernel.kind === 'missing') continue;
    // Unregister first: registerKernel warns about, rather than replaces quietly, an existing kernel.
    if (existing) unregisterKernel(kernelName, 'wasm');
    registerKernel(kernel.config);
    inEffect.push(kernel.note);
  }
  return inEffect;
}
