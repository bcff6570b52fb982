import { AppError } from '../../shared/result';
import type { BackendName, BackendPreference } from '../../shared/domain/run';
import { AUTO_ORDER, BACKEND_LOADERS, type LoadOptions } from './backend-loaders';
import { firstLine } from './optional-require';
import { smokeTest } from './smoke-test';

export interface BackendInit {
  /** The backend now active in tfjs (process-wide). */
  backend: BackendName;
  /** One line per faster backend skipped, and per caveat of the chosen one. */
  notes: string[];
  /** Ops of ours that run on a slower stand-in on this backend. */
  fallbacks: string[];
}

/**
 * Makes a tfjs backend active for this process. 'auto' takes the first of tensorflow-gpu, tensorflow,
 * wasm, cpu that loads and passes a smoke test, with a note for each one skipped. An explicit choice
 * that cannot load throws AppError('unsupported') naming the backend and the reason: a user who asked
 * for the GPU must not get a silent 50× slower run.
 */
export async function initBackend(pref: BackendPreference, opts: LoadOptions = {}): Promise<BackendInit> {
  const threads = opts.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) {
    throw new AppError('invalid_input', `threads: must be an integer ≥ 1, got ${String(opts.threads)}`);
  }
  if (pref !== 'auto') {
    try {
      return { backend: pref, ...(await loadAndCheck(pref, { threads })) };
    } catch (err) {
      throw new AppError('unsupported', `backend '${pref}' cannot be used here: ${firstLine(err)}`);
    }
  }
  const skipped: string[] = [];
  for (const name of AUTO_ORDER) {
    try {
      const loaded = await loadAndCheck(name, { threads });
      return { backend: name, notes: [...skipped, ...loaded.notes], fallbacks: loaded.fallbacks };
    } catch (err) {
      skipped.push(`${name}: ${firstLine(err)}`);
    }
  }
  // cpu is pure JS and cannot fail to load short of a broken install.
  throw new AppError('internal', `no tfjs backend could be loaded: ${skipped.join('; ')}`);
}

async function loadAndCheck(name: BackendName, opts: LoadOptions) {
  const loaded = await BACKEND_LOADERS[name](opts);
  await smokeTest();
  return loaded;
}
