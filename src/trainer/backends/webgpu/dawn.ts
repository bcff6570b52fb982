import type { AdapterInfo } from '../../../shared/domain/device';
import { requireOptional } from '../optional-require';
import { vulkanHint } from './vulkan-hint';

/** The npm package `webgpu`: Dawn's Node binding (dawn.node), prebuilt for Linux, macOS and Windows. */
export const DAWN_PACKAGE = 'webgpu';

interface DawnModule {
  create(flags: string[]): GpuLike;
  globals: Record<string, unknown>;
}

/** The slice of the WebGPU API used here (the `webgpu` package ships full types, but not to this bundle). */
export interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<AdapterLike | null>;
}

export interface AdapterLike {
  readonly info?: Partial<AdapterInfo>;
  readonly isFallbackAdapter?: boolean;
  readonly features: ReadonlySet<string>;
  readonly limits: Record<string, number>;
  requestDevice(descriptor?: unknown): Promise<DeviceLike>;
}

export interface DeviceLike {
  readonly lost: Promise<{ reason: string; message: string }>;
  readonly features: ReadonlySet<string>;
  destroy(): void;
}

export interface DawnAdapter {
  gpu: GpuLike;
  adapter: AdapterLike;
  info: AdapterInfo;
}

/** One Dawn instance per set of flags, for the life of the process. */
const instances = new Map<string, GpuLike>();

/**
 * Dawn's `navigator.gpu` for this process, made global the way tfjs-backend-webgpu looks for it: it
 * checks `globalThis.navigator.gpu` (tfjs #8066), and Node 20 has no `navigator` at all while Node 21+
 * (Electron's utility process) has one without `gpu`. WebGPU's constants (GPUBufferUsage…) become
 * globals too, as in a browser. The Dawn instance lives as long as the process.
 *
 * HPS_WEBGPU_FLAGS passes Dawn's own options, space-separated: `adapter=<name>` picks an adapter by name,
 * `backend=vulkan|d3d12|metal|…` a graphics API (see the `webgpu` package's README).
 */
export function dawnGpu(env: NodeJS.ProcessEnv = process.env): GpuLike {
  const flags = (env.HPS_WEBGPU_FLAGS ?? '').split(/\s+/).filter(Boolean);
  let gpu = instances.get(flags.join(' '));
  if (!gpu) {
    const dawn = requireOptional(DAWN_PACKAGE) as DawnModule;
    for (const [name, value] of Object.entries(dawn.globals)) {
      if (!(name in globalThis)) (globalThis as Record<string, unknown>)[name] = value;
    }
    gpu = dawn.create(flags);
    instances.set(flags.join(' '), gpu);
  }
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  // No navigator (Node 20), or one whose getter hands out a fresh object each time: a plain one of ours.
  if (g.navigator?.gpu !== gpu) Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  return gpu;
}

/**
 * The adapter Dawn offers for 'high-performance' (a discrete GPU before an integrated one), or an Error
 * whose message says why there is none: the backend's skip note and the trial's failure read it.
 */
export async function requestDawnAdapter(env: NodeJS.ProcessEnv = process.env): Promise<DawnAdapter> {
  const g = dawnGpu(env);
  let adapter: AdapterLike | null;
  try {
    adapter = await g.requestAdapter({ powerPreference: 'high-performance' });
  } catch (err) {
    // e.g. HPS_WEBGPU_FLAGS naming a backend or adapter that does not exist (Dawn lists the real ones).
    throw new Error(`Dawn refused the adapter request: ${(err as Error).message.replace(/\s+/g, ' ').trim()}`);
  }
  if (!adapter) {
    const hint = process.platform === 'linux' ? `: ${vulkanHint(env)}` : '';
    throw new Error(`no WebGPU adapter (Dawn found no usable GPU)${hint}`);
  }
  return { gpu: g, adapter, info: adapterInfo(adapter) };
}

export function adapterInfo(adapter: AdapterLike): AdapterInfo {
  const i = adapter.info ?? {};
  return {
    vendor: i.vendor ?? '',
    architecture: i.architecture ?? '',
    device: i.device ?? '',
    description: i.description ?? '',
    isFallbackAdapter: adapter.isFallbackAdapter ?? i.isFallbackAdapter ?? false,
  };
}
