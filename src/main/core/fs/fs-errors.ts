import { AppError } from '../../../shared/result';

const errnoOf = (err: unknown): string | undefined => (err as NodeJS.ErrnoException | undefined)?.code;

/** ENOSPC (no space left) and EDQUOT (quota exceeded) mean the same to a user: the disk is full. */
export const isDiskFull = (err: unknown): boolean => errnoOf(err) === 'ENOSPC' || errnoOf(err) === 'EDQUOT';

/**
 * A failed write as a user reads it: "disk full at <path>" (code disk_full: HTTP 507, CLI exit 2)
 * rather than a raw `ENOSPC … at writeDatasetCache` stack. `what` says what was being written.
 * AppErrors pass through unchanged.
 */
export function writeFailure(err: unknown, where: string, what: string): AppError {
  if (err instanceof AppError) return err;
  if (isDiskFull(err)) return new AppError('disk_full', `disk full at ${where}: ${what} did not fit; nothing was kept (free some space, or choose another folder)`);
  const message = err instanceof Error ? err.message : String(err);
  const code = errnoOf(err);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new AppError('io_error', `${where}: ${what}: not allowed to write there (${message})`);
  return new AppError('io_error', `${where}: ${what} failed (${message})`);
}
