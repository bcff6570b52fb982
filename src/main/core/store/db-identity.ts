import fs from 'node:fs';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/result';

/** Every SQLite 3 database file starts with these 16 bytes. */
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));

function readMagic(dbPath: string): Buffer {
  const fd = fs.openSync(dbPath, 'r');
  try {
    const head = Buffer.alloc(SQLITE_MAGIC.length);
    return head.subarray(0, fs.readSync(fd, head, 0, head.length, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Refuses a database file HParam Studio did not create, before anything is written to it: opening
 * it normally would already switch it to WAL and add a schema_migrations table, changing someone
 * else's file before the migrations noticed its tables. A missing or empty file is a new database;
 * an existing one must be SQLite and either empty of tables or carry our schema_migrations table
 * (migrate() then checks versions and checksums). Reads only: the file is opened read-only here.
 */
export function checkDatabaseIdentity(dbPath: string): void {
  let size: number;
  try {
    size = fs.statSync(dbPath).size;
  } catch {
    return; // a new database
  }
  if (size === 0) return;
  let magic: Buffer;
  try {
    magic = readMagic(dbPath);
  } catch (err) {
    throw new AppError('io_error', `Cannot open database ${dbPath}: ${reason(err)}`);
  }
  if (!magic.equals(SQLITE_MAGIC)) {
    throw new AppError('invalid_input', `Database ${dbPath}: file is not a database (it does not start with the SQLite header); nothing was written to it. Choose another --db file`);
  }
  let tables: string[];
  try {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      tables = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    } finally {
      db.close();
    }
  } catch (err) {
    throw new AppError('io_error', `Cannot open database ${dbPath}: ${reason(err)}`);
  }
  if (tables.length === 0 || tables.includes('schema_migrations')) return;
  const shown = tables.slice(0, 6).join(', ') + (tables.length > 6 ? `, … (${tables.length} in all)` : '');
  throw new AppError(
    'conflict',
    `Database ${dbPath} was not created by HParam Studio (it holds the tables ${shown} and no schema_migrations table); nothing was written to it. Give --db a new file name, or leave --db out to use the data folder's studies.db`,
  );
}
