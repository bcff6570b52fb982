import { z } from 'zod';
import { BACKENDS } from './run';

/**
 * Where a trial runs. The CPU is one device whose cores are shared by every CPU trial; each GPU is one
 * device with a number of trial slots. Ids are what runs record: `cpu`, `gpu:0`, `gpu:1`… (the GPU's
 * index as nvidia-smi and CUDA count them, or 0 for the one adapter WebGPU reports).
 */
export const DEVICE_ID = /^(cpu|gpu:\d+)$/;
export const deviceIdSchema = z.string().regex(DEVICE_ID, "a device id: 'cpu' or 'gpu:<index>'");

/** What WebGPU says of an adapter (GPUAdapterInfo); empty strings where the implementation tells nothing. */
export const adapterInfoSchema = z.object({
  vendor: z.string(),
  architecture: z.string(),
  device: z.string(),
  description: z.string(),
  /** A software adapter (SwiftShader, lavapipe): it computes on the CPU. */
  isFallbackAdapter: z.boolean(),
});
export type AdapterInfo = z.infer<typeof adapterInfoSchema>;

export const deviceSchema = z.object({
  id: deviceIdSchema,
  kind: z.enum(['cpu', 'gpu']),
  /** CPU model, or the GPU's name (nvidia-smi's, else the WebGPU adapter's description). */
  name: z.string(),
  /** CPU: logical cores trials may use. */
  cores: z.number().int().min(1).nullable(),
  /** GPU: memory in MiB when the driver tells (nvidia-smi). */
  memoryMb: z.number().int().min(0).nullable(),
  /** Backends that can train on this device here; empty for a GPU nothing can use (see `note`). */
  backends: z.array(z.enum(BACKENDS)),
  /** The WebGPU adapter on this GPU, when Dawn found one. */
  adapter: adapterInfoSchema.nullable(),
  /** Why a GPU cannot be used, or what to know about it; null when nothing. */
  note: z.string().nullable(),
});
export type Device = z.infer<typeof deviceSchema>;

export const deviceInventorySchema = z.object({
  devices: z.array(deviceSchema),
  /** One line per way of finding GPUs that found none, and why (nvidia-smi missing, no WebGPU adapter…). */
  notes: z.array(z.string()),
  probedAt: z.string(),
});
export type DeviceInventory = z.infer<typeof deviceInventorySchema>;

/** Devices a trial can be placed on: the CPU, and each GPU some backend can use. */
export const usableGpus = (inv: DeviceInventory): Device[] => inv.devices.filter((d) => d.kind === 'gpu' && d.backends.length > 0);

/** `gpu:3` → 3; null for the CPU. */
export function gpuIndex(deviceId: string): number | null {
  const m = /^gpu:(\d+)$/.exec(deviceId);
  return m ? Number(m[1]) : null;
}

/** One line for a device: `gpu:0 NVIDIA A100 (webgpu, tensorflow-gpu)`. */
export function describeDevice(d: Device): string {
  const what = d.kind === 'cpu' ? `${d.name}, ${d.cores ?? '?'} cores` : d.name;
  const uses = d.backends.length > 0 ? d.backends.join(', ') : 'not usable';
  return `${d.id} ${what} (${uses})${d.note ? `: ${d.note}` : ''}`;
}

/** `nvidia ampere — NVIDIA A100-SXM4-40GB` (parts the implementation leaves empty are left out). */
export function describeAdapter(info: AdapterInfo): string {
  const kind = [info.vendor, info.architecture].filter(Boolean).join(' ');
  const name = info.description || info.device;
  const text = [kind, name].filter(Boolean).join(' — ') || 'unnamed adapter';
  return info.isFallbackAdapter ? `${text} (software fallback adapter: computes on the CPU)` : text;
}

/** Where a run trained, in one line: `gpu:0 · nvidia ampere — NVIDIA A100` or `cpu · Intel Xeon · 2 threads`. */
export function formatRunDevice(run: { device: string | null; deviceName: string | null; threads: number | null }): string | null {
  if (!run.device) return null;
  const parts = [run.device];
  if (run.deviceName) parts.push(run.deviceName);
  if (run.threads !== null && run.device === 'cpu') parts.push(`${run.threads} thread${run.threads === 1 ? '' : 's'}`);
  return parts.join(' · ');
}
