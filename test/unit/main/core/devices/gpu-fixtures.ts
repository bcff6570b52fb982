import type { AdapterInfo, DeviceInventory } from '../../../../../src/shared/domain/device';
import { mergeInventory } from '../../../../../src/main/core/devices/probe-devices';
import type { GpuProbeResult } from '../../../../../src/main/core/devices/trainer-probe';

/**
 * Machines this one is not (it has no GPU): what nvidia-smi and the trainer's probe would answer there,
 * merged by the same code as on a real machine. Only the two answers are made up.
 */
export const A100: AdapterInfo = { vendor: 'nvidia', architecture: 'ampere', device: '', description: 'NVIDIA A100-SXM4-40GB', isFallbackAdapter: false };

export function probeAnswer(adapter: AdapterInfo | null, tfGpu = false): GpuProbeResult {
  return { type: 'probe-result', webgpu: { adapter, reason: adapter ? null : 'no WebGPU adapter (Dawn found no usable GPU)' }, tensorflowGpu: { installed: tfGpu }, tensorflow: { installed: false } };
}

export const twoA100s = (opts: { adapter?: AdapterInfo | null; tfGpu?: boolean } = {}): DeviceInventory =>
  mergeInventory(
    {
      gpus: [
        { index: 0, name: 'NVIDIA A100-SXM4-40GB', memoryMb: 40960, uuid: 'GPU-a' },
        { index: 1, name: 'NVIDIA A100-SXM4-40GB', memoryMb: 40960, uuid: 'GPU-b' },
      ],
    },
    probeAnswer(opts.adapter === undefined ? A100 : opts.adapter, opts.tfGpu ?? true),
  );

export const cpuOnly = (): DeviceInventory => mergeInventory({ gpus: [], reason: 'nvidia-smi not found (no NVIDIA driver)' }, probeAnswer(null));
