import type { AdapterInfo } from '../../shared/domain/device';
import { GPU_BACKENDS, type BackendName, type BackendPreference } from '../../shared/domain/run';
import { AppError } from '../../shared/result';
import { AUTO_ORDER, BACKEND_LOADERS, type LoadOptions } from './backend-loaders';
import { firstLine } from './optional-require';
import { smokeTest } from './smoke-test';

export interface InitOptions extends LoadOptions {
  /**
   * The host placed this job on the CPU although the machine has GPUs (their slots are busy): 'auto'
   * skips the GPU backends with this reason rather than crowd a GPU it was not given.
   */
  cpuOnlyReason?: string;
}

export interface BackendInit {
  /** The backend now active in tfjs (process-wide). */
  backend: BackendName;
  /** One line per faster backend skipped, and per caveat of the chosen one. */
  notes: string[];
  /** Ops of ours that run on a slower stand-in on this backend. */
  fallbacks: string[];
  /** The WebGPU adapter trained on (webgpu), else null. */
  adapter: AdapterInfo | null;
  /** Threads the backend computes on. */
  threads: number;
  /** Resolves with a reason if the GPU is lost mid-trial (webgpu); never otherwise. */
  lost: Promise<string>;
}

const never = new Promise<string>(() => undefined);

/**
 * Makes a tfjs backend active for this process. 'auto' takes the first of tensorflow-gpu, webgpu,
 * tensorflow, wasm, cpu that loads and passes a smoke test, with a note for each one skipped. An explicit
 * choice that cannot load throws AppError('unsupported') naming the backend and the reason: a user who
 * asked for the GPU must not get a silent 50× slower run.
 */
export async function initBackend(pref: BackendPreference, opts: InitOptions = {}): Promise<BackendInit> {
  const threads = opts.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) {
    throw new AppError('invalid_input', `threads: must be an integer ≥ 1, got ${String(opts.threads)}`);
  }
  if (pref !== 'auto') {
    try {
      return await loadAndCheck(pref, { threads }, []);
    } catch (err) {
      throw new AppError('unsupported', `backend '${pref}' cannot be used here: ${firstLine(err)}`);
    }
  }
  const skipped: string[] = [];
  for (const name of AUTO_ORDER) {
    if (opts.cpuOnlyReason && GPU_BACKENDS.includes(name)) {
      skipped.push(`${name}: not tried: ${opts.cpuOnlyReason}`);
      continue;
    }
    try {
      return await loadAndCheck(name, { threads }, skipped);
    } catch (err) {
      skipped.push(`${name}: ${firstLine(err)}`);
    }
  }
  // cpu is pure JS and cannot fail to load short of a broken install.
  throw new AppError('internal', `no tfjs backend could be loaded: ${skipped.join('; ')}`);
}

async function loadAndCheck(name: BackendName, opts: LoadOptions, skipped: string[]): Promise<BackendInit> {
  const loaded = await BACKEND_LOADERS[name](opts);
  await smokeTest();
  return {
    backend: name,
    notes: [...skipped, ...loaded.notes],
    fallbacks: loaded.fallbacks,
    adapter: loaded.adapter ?? null,
    threads: loaded.threads ?? 1,
    lost: loaded.lost ?? never,
  };
}
