import Database from 'better-sqlite3';
import { AppError } from '../../../shared/result';
import { checkFileToRead, checkWritableFile } from '../fs/user-path';
import { checkDatabaseIdentity } from './db-identity';

/** How long a writer waits for another process's lock (the CLI beside the app) before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Opens (creating parent directories, one checked level at a time) and configures a connection;
 * errors name the file. A file that is not ours is refused before anything is written to it.
 */
export function openDatabase(dbPath: string): Database.Database {
  checkWritableFile(dbPath, 'database');
  checkDatabaseIdentity(dbPath);
  let db: Database.Database;
  try {
    db = new Database(dbPath);
  } catch (err) {
    throw new AppError('io_error', `Cannot open database ${dbPath}: ${reason(err)}`);
  }
  try {
    // The first statement reads the header, so a file that is not SQLite fails here.
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // With WAL, NORMAL keeps the database consistent after a crash and only risks the last commits on
    // power loss; FULL would fsync on every epoch write.
    db.pragma('synchronous = NORMAL');
    return db;
  } catch (err) {
    db.close();
    throw new AppError('io_error', `Cannot open database ${dbPath}: ${reason(err)}`);
  }
}

/** A read-only connection to an existing database; nothing is created, not even its folder. */
export function openDatabaseReadOnly(dbPath: string): Database.Database {
  if (!checkFileToRead(dbPath, 'database').exists) throw new AppError('not_found', `No database at ${dbPath} yet`);
  checkDatabaseIdentity(dbPath);
  let db: Database.Database;
  try {
    db = new Database(dbPath, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new AppError('io_error', `Cannot open database ${dbPath} read-only: ${reason(err)}`);
  }
  try {
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    return db;
  } catch (err) {
    db.close();
    throw new AppError('io_error', `Cannot open database ${dbPath}: ${reason(err)}`);
  }
}

export const nowIso = (): string => new Date().toISOString();

/** better-sqlite3 errors carry an extended SQLite code such as SQLITE_CONSTRAINT_UNIQUE. */
export const sqliteCode = (err: unknown): string | undefined =>
  err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
