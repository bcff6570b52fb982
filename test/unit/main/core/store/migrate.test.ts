import fs from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, migrationChecksum, schemaVersion, sqlMigration } from '../../../../../src/main/core/store/migrate';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../../../src/main/core/store/migrations';
import { Store } from '../../../../../src/main/core/store/store';
import { AppError } from '../../../../../src/shared/result';
import { tempDbPath } from './fixtures';

const catchError = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected an AppError');
};

const twoSteps = [sqlMigration(1, 'first', 'CREATE TABLE a (x INTEGER) STRICT;'), sqlMigration(2, 'second', 'CREATE TABLE b (y TEXT) STRICT;')];

describe('migrate', () => {
  it('applies pending migrations in order and records version, name and checksum', () => {
    const db = new Database(tempDbPath());
    migrate(db, 'x.db', twoSteps, 1);
    expect(schemaVersion(db)).toBe(1);
    migrate(db, 'x.db', twoSteps);
    expect(schemaVersion(db)).toBe(2);
    const rows = db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all();
    expect(rows).toEqual(twoSteps.map((m) => ({ version: m.version, name: m.name, checksum: migrationChecksum(m) })));
    migrate(db, 'x.db', twoSteps); // idempotent
    expect(db.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(2);
    db.close();
  });

  it('rolls a failing migration back entirely, version included', () => {
    const db = new Database(tempDbPath());
    const broken = [twoSteps[0]!, sqlMigration(2, 'broken', 'CREATE TABLE c (z INTEGER) STRICT; INSERT INTO nowhere VALUES (1);')];
    expect(() => migrate(db, 'x.db', broken)).toThrow(/nowhere/);
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'c'").pluck().get()).toBe(0);
    expect(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(1);
    db.close();
  });

  it('refuses a migration edited after it was applied', () => {
    const db = new Database(tempDbPath());
    migrate(db, 'x.db', twoSteps);
    const edited = [twoSteps[0]!, sqlMigration(2, 'second', 'CREATE TABLE b (y TEXT, extra INTEGER) STRICT;')];
    const err = catchError(() => migrate(db, 'x.db', edited));
    expect(err.code).toBe('conflict');
    expect(err.message).toMatch(/x\.db: migration 002-second was edited after it was applied/);
    db.close();
  });

  it('does not count CRLF line endings as an edit', () => {
    const lf = sqlMigration(1, 'first', 'CREATE TABLE a (x INTEGER)\nSTRICT;');
    expect(migrationChecksum({ sql: lf.sql.replace(/\n/g, '\r\n') })).toBe(migrationChecksum(lf));
  });

  it('refuses a versioned database with no migration records', () => {
    const db = new Database(tempDbPath());
    db.pragma('user_version = 1');
    const err = catchError(() => migrate(db, 'x.db', twoSteps));
    expect(err.code).toBe('conflict');
    expect(err.message).toMatch(/no record of migration 001-first/);
    db.close();
  });

  it('rejects a migration list with gaps', () => {
    const db = new Database(tempDbPath());
    expect(() => migrate(db, 'x.db', [twoSteps[1]!])).toThrow(/out of order/);
    db.close();
  });
});

describe('Store.open and schema versions', () => {
  it('refuses a database written by a newer app, without touching it', () => {
    const dbPath = tempDbPath();
    const db = new Database(dbPath);
    const newer = LATEST_SCHEMA_VERSION + 1;
    db.pragma(`user_version = ${newer}`);
    db.close();
    const err = catchError(() => Store.open(dbPath));
    expect(err.code).toBe('unsupported');
    expect(err.message).toBe(
      `Database ${dbPath} was written by a newer HParam Studio (schema v${newer}, this app knows up to v${LATEST_SCHEMA_VERSION}); upgrade the app.`,
    );
    const after = new Database(dbPath);
    expect(after.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'schema_migrations'").pluck().get()).toBe(0);
    after.close();
  });

  it('refuses to open a database whose applied migration no longer matches this app', () => {
    const dbPath = tempDbPath();
    Store.open(dbPath).close();
    const db = new Database(dbPath);
    db.prepare("UPDATE schema_migrations SET checksum = 'deadbeef' WHERE version = 1").run();
    db.close();
    const err = catchError(() => Store.open(dbPath));
    expect(err.code).toBe('conflict');
    expect(err.message).toContain('migration 001-initial was edited after it was applied');
  });

  it('migrates a new file to the latest version and reopens it unchanged', () => {
    const dbPath = tempDbPath();
    Store.open(dbPath).close();
    Store.open(dbPath).close();
    const db = new Database(dbPath);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(db.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.length);
    db.close();
    expect(fs.existsSync(dbPath)).toBe(true);
  });
});
