import { AppError } from '../../../shared/result';
import { sqliteCode } from './db';

/**
 * Turns what escapes a store operation into an AppError. The store checks inputs itself first, so a
 * raw SQLite error here is either another process holding the lock or a bug; `what` names the
 * operation and the file either way.
 */
export function toAppError(err: unknown, what: string): AppError {
  if (err instanceof AppError) return err;
  const code = sqliteCode(err) ?? '';
  const message = err instanceof Error ? err.message : String(err);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new AppError('conflict', `Cannot ${what}: the database is locked by another process (${message})`);
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) return new AppError('invalid_input', `Cannot ${what}: ${message}`);
  if (code.startsWith('SQLITE_FULL')) return new AppError('disk_full', `Cannot ${what}: disk full (${message}); the change was not saved`);
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_READONLY')) {
    return new AppError('io_error', `Cannot ${what}: ${message}`);
  }
  return new AppError('internal', `Cannot ${what}: ${message}`);
}
