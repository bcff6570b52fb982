import os from 'node:os';
import type { AdapterInfo, Device, DeviceInventory } from '../../../shared/domain/device';
import type { BackendName } from '../../../shared/domain/run';
import { queryNvidiaSmi, type NvidiaSmiResult } from './nvidia-smi';
import type { GpuProbe, GpuProbeResult } from './trainer-probe';

export interface ProbeSources {
  /** Which GPU backends a trainer loads here; without one, only nvidia-smi is asked (no GPU is usable). */
  gpuProbe?: GpuProbe;
  nvidiaSmi?: () => Promise<NvidiaSmiResult>;
}

/** The CPU as one device: its logical cores are what CPU trials share. */
export function cpuDevice(cpuBackends: BackendName[] = ['wasm', 'cpu']): Device {
  const model = os.cpus()[0]?.model.trim();
  return { id: 'cpu', kind: 'cpu', name: model || os.arch(), cores: os.availableParallelism(), memoryMb: null, backends: cpuBackends, adapter: null, note: null };
}

/** What the scheduler knows before (or without) a probe: the CPU alone. */
export function cpuOnlyInventory(note = 'GPUs not probed'): DeviceInventory {
  return { devices: [cpuDevice()], notes: [note], probedAt: new Date().toISOString() };
}

/**
 * The devices of this machine, probed once per process (the scheduler places trials on them): the CPU;
 * the NVIDIA GPUs nvidia-smi lists, each usable by tensorflow-gpu when tfjs-node-gpu is installed; and
 * the WebGPU adapter Dawn offers, matched to the nvidia-smi GPU of the same name, or a GPU of its own
 * (AMD, Intel, Apple: no nvidia-smi there).
 */
export async function probeDevices(sources: ProbeSources = {}, signal?: AbortSignal): Promise<DeviceInventory> {
  const [smi, probe] = await Promise.all([(sources.nvidiaSmi ?? (() => queryNvidiaSmi()))(), sources.gpuProbe?.(signal) ?? Promise.resolve(null)]);
  return mergeInventory(smi, probe);
}

export function mergeInventory(smi: NvidiaSmiResult, probe: GpuProbeResult | null): DeviceInventory {
  const notes: string[] = [];
  if ('reason' in smi) notes.push(smi.reason);
  const adapter = probe?.webgpu.adapter ?? null;
  if (!probe) notes.push('webgpu: not probed');
  else if (!adapter) notes.push(`webgpu: ${probe.webgpu.reason ?? 'no adapter'}`);
  const tfGpu = probe?.tensorflowGpu.installed ?? false;
  const cpuBackends: BackendName[] = probe?.tensorflow.installed ? ['tensorflow', 'wasm', 'cpu'] : ['wasm', 'cpu'];

  const webgpuAt = adapter ? matchAdapter(smi.gpus, adapter) : -1;
  const gpus: Device[] = smi.gpus.map((g, i) => {
    const backends: BackendName[] = [];
    const why: string[] = [];
    if (tfGpu) backends.push('tensorflow-gpu');
    else why.push('tensorflow-gpu: @tensorflow/tfjs-node-gpu is not installed');
    if (i === webgpuAt) backends.push('webgpu');
    else if (adapter) why.push(`webgpu: Dawn trains on ${webgpuAt >= 0 ? `gpu:${smi.gpus[webgpuAt]!.index}` : adapter.description || 'another adapter'} (set HPS_WEBGPU_FLAGS=adapter=<name> to choose)`);
    else why.push(`webgpu: ${probe?.webgpu.reason ?? 'not probed'}`);
    return { id: `gpu:${g.index}`, kind: 'gpu', name: g.name, cores: null, memoryMb: g.memoryMb, backends, adapter: i === webgpuAt ? adapter : null, note: why.length > 0 ? why.join('; ') : null };
  });
  if (adapter && webgpuAt < 0) {
    const index = smi.gpus.reduce((max, g) => Math.max(max, g.index + 1), 0);
    gpus.push({ id: `gpu:${index}`, kind: 'gpu', name: adapter.description || [adapter.vendor, adapter.architecture].filter(Boolean).join(' ') || 'WebGPU adapter', cores: null, memoryMb: null, backends: ['webgpu'], adapter, note: null });
  }
  return { devices: [cpuDevice(cpuBackends), ...gpus], notes, probedAt: new Date().toISOString() };
}

/** Which nvidia-smi GPU Dawn's adapter is: the same name, else the first NVIDIA GPU for an NVIDIA adapter; -1 for none. */
function matchAdapter(gpus: readonly { name: string }[], adapter: AdapterInfo): number {
  const described = adapter.description.toLowerCase();
  const byName = described ? gpus.findIndex((g) => described.includes(g.name.toLowerCase()) || g.name.toLowerCase().includes(described)) : -1;
  if (byName >= 0) return byName;
  return adapter.vendor.toLowerCase() === 'nvidia' && gpus.length > 0 ? 0 : -1;
}
