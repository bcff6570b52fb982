import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/result';

export interface Migration {
  version: number;
  name: string;
  /** The text the checksum covers. */
  sql: string;
  /**
   * Runs inside the migration's transaction, with foreign keys on unless `rebuildsTables` is set.
   */
  up(db: Database.Database): void;
  /**
   * The migration rebuilds a table (SQLite's 12-step ALTER: create new, copy, drop old, rename). Dropping
   * a table that others reference would cascade-delete their rows with foreign keys on, and SQLite ignores
   * `foreign_keys = OFF` inside a transaction, so `migrate` turns them off around the transaction and
   * checks every reference before committing.
   */
  rebuildsTables?: boolean;
}

/**
 * A migration that is plain SQL. The checksum covers only `sql`, never the source of `up`: bundlers
 * rewrite function text between builds, which would make every upgrade look like an edited migration.
 */
export function sqlMigration(version: number, name: string, sql: string, opts: { rebuildsTables?: boolean } = {}): Migration {
  return { version, name, sql, up: (db) => db.exec(sql), ...(opts.rebuildsTables ? { rebuildsTables: true } : {}) };
}

/** Line endings normalized so a Windows checkout (autocrlf) does not count as an edit. */
export const migrationChecksum = (m: Pick<Migration, 'sql'>): string =>
  createHash('sha256').update(m.sql.replace(/\r\n/g, '\n')).digest('hex');

const label = (m: Pick<Migration, 'version' | 'name'>) => `${String(m.version).padStart(3, '0')}-${m.name}`;

export const schemaVersion = (db: Database.Database): number => db.pragma('user_version', { simple: true }) as number;

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

/**
 * Brings `db` up to `target` (default: the last migration), one transaction per migration. Refuses a
 * database written by a newer app and one whose applied migrations were edited since. `dbPath` only
 * names the file in error messages.
 */
export function migrate(db: Database.Database, dbPath: string, migrations: readonly Migration[], target = migrations.length): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new AppError('internal', `Migration list out of order: position ${i + 1} holds ${label(m)}`);
  });
  const latest = migrations.length;
  const current = schemaVersion(db);
  if (current > latest) {
    throw new AppError(
      'unsupported',
      `Database ${dbPath} was written by a newer HParam Studio (schema v${current}, this app knows up to v${latest}); upgrade the app.`,
    );
  }
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version     INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    checksum    TEXT NOT NULL,
    applied_at  TEXT NOT NULL
  ) STRICT`);
  verifyApplied(db, dbPath, migrations.slice(0, current));

  const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  for (const m of migrations.slice(current, target)) {
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
    if (m.rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        // Another process (CLI beside the app) may have migrated between our read and this lock.
        if (schemaVersion(db) >= m.version) return;
        m.up(db);
        if (m.rebuildsTables) {
          const broken = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
          if (broken.length > 0) {
            const first = broken[0]!;
            throw new AppError('internal', `Migration ${label(m)} left ${broken.length} broken reference(s), e.g. ${first.table} row ${first.rowid} → ${first.parent}`);
          }
        }
        record.run(m.version, m.name, migrationChecksum(m), new Date().toISOString());
        db.pragma(`user_version = ${m.version}`);
      }).immediate();
    } finally {
      if (m.rebuildsTables) db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
    }
  }
}

function verifyApplied(db: Database.Database, dbPath: string, applied: readonly Migration[]): void {
  const rows = new Map(
    (db.prepare('SELECT version, name, checksum FROM schema_migrations').all() as AppliedRow[]).map((r) => [r.version, r]),
  );
  for (const m of applied) {
    const row = rows.get(m.version);
    if (!row) {
      throw new AppError(
        'conflict',
        `Database ${dbPath} is at schema v${schemaVersion(db)} but has no record of migration ${label(m)}; it was not created by HParam Studio's migrations.`,
      );
    }
    const expected = migrationChecksum(m);
    if (row.checksum !== expected) {
      throw new AppError(
        'conflict',
        `Database ${dbPath}: migration ${label(m)} was edited after it was applied (checksum ${row.checksum.slice(0, 12)} in the database, ${expected.slice(0, 12)} in this app). Restore the migration and put the change in a new one.`,
      );
    }
  }
}

/**
 * For a read-only connection: the database must be at exactly the schema this app knows (a reader
 * cannot migrate), with its applied migrations unedited.
 */
export function checkSchemaForReading(db: Database.Database, dbPath: string, migrations: readonly Migration[]): void {
  const current = schemaVersion(db);
  const latest = migrations.length;
  if (current > latest) {
    throw new AppError('unsupported', `Database ${dbPath} was written by a newer HParam Studio (schema v${current}, this app knows up to v${latest}); upgrade the app.`);
  }
  if (current < latest) {
    throw new AppError(
      'unsupported',
      `Database ${dbPath} is at schema v${current}; this app needs v${latest}. Upgrading writes to it: open it once with the app, \`hparam-studio serve\` or a run/resume command.`,
    );
  }
  verifyApplied(db, dbPath, migrations.slice(0, current));
}
