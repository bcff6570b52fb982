import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../../src/main/core/store/db';
import { Store } from '../../../../../src/main/core/store/store';
import { AppError } from '../../../../../src/shared/result';
import { tempDbPath } from './fixtures';

describe('openDatabase', () => {
  it('turns on WAL, foreign keys and a busy timeout, creating missing folders', () => {
    const dbPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hps-db-')), 'deep', 'er', 'studies.db');
    const db = openDatabase(dbPath);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(1000);
    db.close();
    // WAL is a property of the file: a plain connection sees it too.
    const plain = new Database(dbPath);
    expect(plain.pragma('journal_mode', { simple: true })).toBe('wal');
    plain.close();
  });

  it('names the file when it is not a SQLite database', () => {
    const dbPath = tempDbPath();
    fs.writeFileSync(dbPath, 'this is a CSV, not a database\n'.repeat(200));
    let caught: unknown;
    try {
      Store.open(dbPath);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('invalid_input');
    expect((caught as AppError).message).toContain(dbPath);
    expect((caught as AppError).message).toMatch(/not a database/);
    // Refused before opening: the file is byte for byte what it was, no -wal or -shm beside it.
    expect(fs.readFileSync(dbPath, 'utf8')).toBe('this is a CSV, not a database\n'.repeat(200));
    expect(fs.readdirSync(path.dirname(dbPath)).filter((f) => f.startsWith(path.basename(dbPath)))).toEqual([path.basename(dbPath)]);
  });

  it('names the file when its folder cannot be created', () => {
    const file = tempDbPath();
    fs.writeFileSync(file, '');
    expect(() => openDatabase(path.join(file, 'sub', 'studies.db'))).toThrow(`database ${path.join(file, 'sub', 'studies.db')}: ${file} is a file, not a folder`);
  });

  it('refuses a SQLite file of another program before writing anything, and takes an empty one', () => {
    const dbPath = tempDbPath();
    const other = new Database(dbPath);
    other.exec('CREATE TABLE dataset (id INTEGER PRIMARY KEY); CREATE TABLE run (id INTEGER PRIMARY KEY)');
    other.close();
    const before = fs.readFileSync(dbPath);
    let caught: unknown;
    try {
      Store.open(dbPath);
    } catch (err) {
      caught = err;
    }
    expect((caught as AppError).code).toBe('conflict');
    expect((caught as AppError).message).toBe(
      `Database ${dbPath} was not created by HParam Studio (it holds the tables dataset, run and no schema_migrations table); nothing was written to it. Give --db a new file name, or leave --db out to use the data folder's studies.db`,
    );
    expect(fs.readFileSync(dbPath).equals(before)).toBe(true);
    expect(fs.existsSync(`${dbPath}-wal`)).toBe(false);

    const empty = tempDbPath();
    const blank = new Database(empty); // a SQLite file with its header but no tables: a new database
    blank.exec('CREATE TABLE t (x); DROP TABLE t');
    blank.close();
    expect(fs.statSync(empty).size).toBeGreaterThan(0);
    Store.open(empty).close();
    const reopened = new Database(empty, { readonly: true });
    expect(reopened.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'schema_migrations'").pluck().get()).toBe(1);
    reopened.close();
  });
});
