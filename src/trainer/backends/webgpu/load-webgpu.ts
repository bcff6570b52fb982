import * as tf from '@tensorflow/tfjs-core';
import type { BackendLoader } from '../backend-loaders';
import { requireOptional } from '../optional-require';
import { setBackendOrThrow } from '../set-backend';
import { describeAdapter } from '../../../shared/domain/device';
import { requestDawnAdapter, type AdapterLike, type DeviceLike } from './dawn';

export const TFJS_WEBGPU = '@tensorflow/tfjs-backend-webgpu';

type WebGPUBackendClass = new (device: DeviceLike, adapterInfo: unknown) => tf.KernelBackend;

/** What tfjs-backend-webgpu 4.22 asks of a device (its own factory does the same): the adapter's limits, not WebGPU's small defaults. */
function deviceDescriptor(adapter: AdapterLike) {
  const requiredFeatures = ['timestamp-query', 'bgra8unorm-storage'].filter((f) => adapter.features.has(f));
  const l = adapter.limits;
  return {
    requiredFeatures,
    requiredLimits: {
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
    },
  };
}

let lost: Promise<string> | null = null;

/**
 * tfjs-backend-webgpu on Dawn's Node binding. Its own backend factory assumes a browser (it dereferences a
 * null adapter, and it only registers when `navigator.gpu` exists at import), so this one asks Dawn for
 * the adapter first, to fail with the reason and to record which GPU the trial trains on, and then builds
 * the same WebGPUBackend on it. Batches, metrics and the optimizer all stay on the GPU (train-epoch.ts
 * reads back once per epoch); tfjs computes tensors under 1,000 values that live on the CPU there
 * (WEBGPU_CPU_FORWARD), which spares a GPU round trip for scalars.
 */
export const loadWebgpu: BackendLoader = async () => {
  const { adapter, info } = await requestDawnAdapter();
  const { WebGPUBackend } = requireOptional(TFJS_WEBGPU) as { WebGPUBackend: WebGPUBackendClass };
  if (!tf.findBackend('webgpu')) {
    // Importing the package registered its browser factory (navigator.gpu exists by now): replace it.
    tf.removeBackend('webgpu');
    tf.registerBackend('webgpu', async () => {
      const device = await adapter.requestDevice(deviceDescriptor(adapter));
      // 'destroyed' is our own doing at exit; anything else (driver reset, GPU fell off the bus, TDR) is a loss.
      lost = device.lost.then((l) => (l.reason === 'destroyed' ? new Promise<string>(() => undefined) : `the GPU device was lost (${l.reason}): ${l.message}`));
      return new WebGPUBackend(device, adapter.info ?? {});
    });
  }
  await setBackendOrThrow('webgpu');
  const notes = info.isFallbackAdapter ? [`webgpu: ${describeAdapter(info)}`] : [];
  return { notes, fallbacks: [], adapter: info, threads: 1, lost: lost ?? undefined };
};
