import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { appRequire, firstLine } from './optional-require';

/** XNNPACK's pool in tfjs-backend-wasm 4.22 is built with 8 pre-spawned workers at most. */
export const MAX_WASM_THREADS = 8;

interface EmscriptenImports {
  env: Record<string, unknown>;
}
type ReceiveInstance = (instance: unknown, module: unknown) => void;
/** Node has WebAssembly, but this folder compiles without the DOM's lib where its types live. */
const WebAssemblyApi = (globalThis as unknown as { WebAssembly: { instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: unknown; module: unknown }> } })
  .WebAssembly;
interface EmscriptenModule {
  cwrap(name: string, ret: string | null, args: string[]): (...args: number[]) => number;
  tfjs?: Record<string, unknown>;
}
type Factory = (config: Record<string, unknown>) => Promise<EmscriptenModule>;

/** Why the threaded build could not be used in this process, when it could not (read by the loader's note). */
let threadedFailure: string | null = null;
export const threadedWasmFailure = (): string | null => threadedFailure;

/**
 * tfjs-backend-wasm ships a threaded SIMD build, but 4.22 turns it off in Node (its
 * WASM_HAS_MULTITHREAD_SUPPORT flag returns false there, tfjs #3830) because its loader hands Emscripten
 * Blob URLs for the pthread worker and the main script, which Node's worker_threads cannot start. The
 * Emscripten build itself supports Node: given a worker script and a main script as files, it runs its
 * pthreads on worker_threads. So this registers a 'wasm' backend factory that loads that build with
 * both scripts written to a cache folder (also what lets the desktop app, whose node_modules sit in an
 * asar archive the workers cannot read, start them).
 *
 * The build caps XNNPACK's pool at half of `emscripten_num_logical_cores()` (it assumes two hyperthreads
 * per core); the scheduler already decided how many cores this trial gets, so that import reports twice
 * the threads asked for. Must run before the backend's first initialization; later calls change nothing.
 */
export function useThreadedWasm(threads: number): void {
  if (tf.findBackend('wasm') || threads <= 1) return; // already initialized: its thread count is fixed
  const stock = tf.findBackendFactory('wasm');
  tf.removeBackend('wasm');
  tf.registerBackend(
    'wasm',
    async () => {
      try {
        return new BackendWasm(await instantiateThreaded(threads) as never);
      } catch (err) {
        threadedFailure = `the threaded build did not load (${firstLine(err)})`;
        if (!stock) throw err;
        return stock();
      }
    },
    2,
  );
}

async function instantiateThreaded(threads: number): Promise<EmscriptenModule> {
  const pkgDir = path.dirname(appRequire.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  const factoryJs = path.join(pkgDir, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.js');
  const wasmFile = path.join(pkgDir, 'dist', 'tfjs-backend-wasm-threaded-simd.wasm');
  const { wasmWorkerContents } = appRequire(path.join(pkgDir, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.worker.js')) as { wasmWorkerContents: string };
  const version = (JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  const cacheDir = path.join(os.tmpdir(), `hparam-studio-wasm-${version}`);
  // The worker source is kept in a JS string whose '\n' escapes became newlines; tfjs re-escapes them too.
  const workerJs = writeOnce(cacheDir, 'pthread-worker.js', wasmWorkerContents.replace(/\n/g, '\\n'));
  const mainJs = writeOnce(cacheDir, 'threaded-simd.js', fs.readFileSync(factoryJs, 'utf8'));
  const factory = appRequire(factoryJs) as Factory;
  const module = await factory({
    locateFile: (file: string, prefix: string) => (file.endsWith('.worker.js') ? workerJs : prefix + file),
    // What each pthread worker evaluates to get the module's code (a path: it reads it with fs).
    mainScriptUrlOrBlob: mainJs,
    instantiateWasm(imports: EmscriptenImports, receive: ReceiveInstance) {
      imports.env.emscripten_num_logical_cores = () => 2 * Math.min(threads, MAX_WASM_THREADS);
      void WebAssemblyApi.instantiate(fs.readFileSync(wasmFile), imports).then((r) => receive(r.instance, r.module));
      return {};
    },
  });
  // The bridge tfjs' own loader builds (backend_wasm.js init()).
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  return module;
}

/** Writes a file of the cache once, atomically (trainers start side by side). */
function writeOnce(dir: string, name: string, content: string): string {
  const file = path.join(dir, name);
  if (fs.existsSync(file) && fs.statSync(file).size === Buffer.byteLength(content)) return file;
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
  return file;
}
