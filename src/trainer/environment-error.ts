/**
 * System error codes that say the trial's surroundings failed, not its config: another attempt from the
 * last checkpoint (once space is freed, a file handle closed, a disk remounted) may well succeed.
 */
const ENVIRONMENT_CODES = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EROFS', 'EMFILE', 'ENFILE', 'ENOMEM', 'EAGAIN', 'EBUSY', 'ETXTBSY']);

/** True for an error (or one it wraps as `cause`) carrying one of those codes. */
export function isEnvironmentError(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && ENVIRONMENT_CODES.has(code)) return true;
  }
  return false;
}
