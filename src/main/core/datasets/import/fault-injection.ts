import fs from 'node:fs';

/** How the dataset cache writes one file. */
export type WriteFile = (file: string, data: Uint8Array) => void;

/** Linux's always-full device: every write to it fails with a real ENOSPC from the kernel. */
const FULL_DEVICE = '/dev/full';

/**
 * FOR TESTS ONLY. HPS_IMPORT_FAULT=disk-full makes the cache writer send its bytes to /dev/full, so
 * an import in a CLI or server process that a test starts meets the very ENOSPC a full disk gives,
 * on the real code path, without a root-only tmpfs mount. Unset in normal use: fs.writeFileSync.
 * (The file is still created empty first, as a write that runs out of space mid-file leaves it.)
 */
export function cacheWriter(env: NodeJS.ProcessEnv = process.env): WriteFile {
  const fault = env.HPS_IMPORT_FAULT;
  if (!fault) return (file, data) => fs.writeFileSync(file, data);
  if (fault !== 'disk-full') throw new Error(`HPS_IMPORT_FAULT: unknown fault '${fault}' (expected disk-full)`);
  return (file, data) => {
    fs.writeFileSync(file, new Uint8Array(0));
    fs.writeFileSync(FULL_DEVICE, data);
  };
}
