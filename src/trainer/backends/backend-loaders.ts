import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core alone registers no gradients (the @tensorflow/tfjs union package or tfjs-layers does);
// tfjs-layers' Node build registers them on this same tfjs-core, so every backend here can train.
import '@tensorflow/tfjs-layers';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { AdapterInfo } from '../../shared/domain/device';
import type { BackendName } from '../../shared/domain/run';
import { requireOptional } from './optional-require';
import { setBackendOrThrow } from './set-backend';
import { registerWasmTrainingKernels } from './wasm-kernels';
import { MAX_WASM_THREADS, threadedWasmFailure, useThreadedWasm } from './wasm-threads';
import { loadWebgpu } from './webgpu/load-webgpu';

export interface LoadOptions {
  /** Cores the trial may compute on (wasm: XNNPACK's pool; tensorflow: TF's intra-op pool, set by the host's env). */
  threads?: number;
}

export interface Loaded {
  /** One line per thing the user should know about the backend that was chosen. */
  notes: string[];
  /** Ops of ours that run on a slower stand-in on this backend. */
  fallbacks: string[];
  /** The WebGPU adapter trained on (webgpu only). */
  adapter?: AdapterInfo;
  /** Threads the backend computes on (default 1). */
  threads?: number;
  /** Resolves with a reason if the GPU is lost while the trial runs (webgpu only). */
  lost?: Promise<string>;
}

/** Makes one backend the active tfjs backend, or throws an Error whose message is the reason it cannot. */
export type BackendLoader = (opts: LoadOptions) => Promise<Loaded>;

// Both native packages register their backend under the name 'tensorflow' on the shared tfjs-core.
const NATIVE_BACKEND = 'tensorflow';
const TFJS_NODE_GPU = '@tensorflow/tfjs-node-gpu';
const TFJS_NODE = '@tensorflow/tfjs-node';

/** Fields tfjs-node's NodeJSKernelBackend sets at construction. */
interface NativeBackendInfo {
  isGPUPackage?: boolean;
  isUsingGpuDevice?: boolean;
}

const loadTensorflowGpu: BackendLoader = async () => {
  requireOptional(TFJS_NODE_GPU);
  await setBackendOrThrow(NATIVE_BACKEND);
  const info = tf.backend() as unknown as NativeBackendInfo;
  if (info.isGPUPackage === false) {
    throw new Error(`backend '${NATIVE_BACKEND}' is the CPU build: ${TFJS_NODE} was loaded before ${TFJS_NODE_GPU}`);
  }
  if (info.isUsingGpuDevice === false) {
    throw new Error('loaded, but TensorFlow sees no usable GPU (check the NVIDIA driver and the CUDA/cuDNN versions tfjs-node-gpu 4.22 needs)');
  }
  return { notes: [], fallbacks: [] };
};

const loadTensorflow: BackendLoader = async () => {
  const notes: string[] = [];
  // tfjs-node-gpu may already have registered 'tensorflow' (installed, but no GPU): that build runs on
  // the CPU too, and loading a second libtensorflow into the same process is asking for trouble.
  if (tf.findBackendFactory(NATIVE_BACKEND)) {
    notes.push(`tensorflow: running ${TFJS_NODE_GPU}'s build on the CPU`);
  } else {
    requireOptional(TFJS_NODE);
  }
  await setBackendOrThrow(NATIVE_BACKEND);
  // The host sizes TF's intra-op pool with TF_NUM_INTRAOP_THREADS (read when libtensorflow starts).
  const threads = Number(process.env.TF_NUM_INTRAOP_THREADS);
  return { notes, fallbacks: [], threads: Number.isInteger(threads) && threads > 0 ? threads : 1 };
};

const loadWasm: BackendLoader = async ({ threads = 1 }) => {
  // Both must precede the backend's first initialization; later calls have no effect.
  useThreadedWasm(threads);
  setThreadsCount(threads);
  await setBackendOrThrow('wasm');
  const notes: string[] = [];
  const running = getThreadsCount();
  if (running < threads) {
    const why =
      threadedWasmFailure() ??
      (threads > MAX_WASM_THREADS ? `tfjs-backend-wasm 4.22 starts at most ${MAX_WASM_THREADS} threads` : 'the wasm backend was already running in this process');
    notes.push(`wasm: ${running} thread(s) instead of the ${threads} asked for: ${why}`);
  }
  if (!(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))) notes.push('wasm: this runtime has no WebAssembly SIMD; kernels run several times slower');
  return { notes, fallbacks: registerWasmTrainingKernels(), threads: running };
};

const loadCpu: BackendLoader = async () => {
  await setBackendOrThrow('cpu');
  return { notes: [], fallbacks: [] };
};

export const BACKEND_LOADERS: Record<BackendName, BackendLoader> = {
  'tensorflow-gpu': loadTensorflowGpu,
  webgpu: loadWebgpu,
  tensorflow: loadTensorflow,
  wasm: loadWasm,
  cpu: loadCpu,
};

/** Fastest first: the order 'auto' tries them in. */
export const AUTO_ORDER: readonly BackendName[] = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'];
