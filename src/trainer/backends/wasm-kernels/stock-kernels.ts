import { getKernel, type KernelFunc } from '@tensorflow/tfjs-core';

/**
 * tfjs-backend-wasm's own kernels, remembered before ours replace them in the registry: a kernel of
 * ours that speeds up a case and hands the rest back to the stock one must not find itself instead.
 */
const stock = new Map<string, KernelFunc>();

/** Called just before a kernel of ours takes `name`'s place. The first call wins: later ones would see ours. */
export function rememberStockKernel(name: string, ours: KernelFunc): void {
  const current = getKernel(name, 'wasm')?.kernelFunc;
  if (current && current !== ours && !stock.has(name)) stock.set(name, current);
}

/** The stock wasm kernel for `name`, whether or not one of ours is registered now. */
export function stockWasmKernel(name: string): KernelFunc {
  const kernel = stock.get(name) ?? getKernel(name, 'wasm')?.kernelFunc;
  if (!kernel) throw new Error(`the wasm backend has no ${name} kernel`);
  return kernel;
}
