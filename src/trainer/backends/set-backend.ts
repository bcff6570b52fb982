import * as tf from '@tensorflow/tfjs-core';

/**
 * `tf.setBackend` reports a failed initialization only as `false`, printing the cause with
 * console.warn. Catch those lines so the cause reaches the run's notes and the error message instead
 * of a bare "failed".
 */
export async function setBackendOrThrow(name: string): Promise<void> {
  if (!tf.findBackendFactory(name)) throw new Error(`no backend named '${name}' is registered`);
  const warnings: string[] = [];
  const originalWarn = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
  };
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
  } finally {
    console.warn = originalWarn;
  }
  if (!ok) {
    const cause = warnings
      .filter((w) => !/^Initialization of backend .* failed$/.test(w))
      .map((w) => w.split('\n')[0])
      .join('; ');
    throw new Error(`initialization failed${cause ? `: ${cause}` : ''}`);
  }
  for (const w of warnings) originalWarn(w);
}
