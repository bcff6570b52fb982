import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sqliteCode } from '../store/db';
import { isProcessAlive, readOwnerFile, removeOwnerFile, writeOwnerFile, type OwnerInfo } from './owner-info';

export const LOCK_FILE = 'owner.lock';

/** How long a contender keeps trying: a prober holds the lock for microseconds, an owner for its life. */
const ACQUIRE_TRIES_MS = 400;
/** How long to wait for a live owner to publish its owner.json after taking the lock. */
const PUBLISH_WAIT_MS = 3000;

/**
 * A short synchronous wait: ownership is settled before a process does anything else (the Services
 * constructor takes it), and the waits are bounded to a fraction of a second or a few seconds.
 */
const sleepSync = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function openLockDb(dataDir: string): Database.Database {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, LOCK_FILE));
  db.pragma('busy_timeout = 0');
  return db;
}

/** Takes the lock on `db` or says it is held; anything else (not a database, no permission) throws. */
function tryLock(db: Database.Database): boolean {
  try {
    db.exec('BEGIN IMMEDIATE');
    return true;
  } catch (err) {
    if (sqliteCode(err)?.startsWith('SQLITE_BUSY')) return false;
    throw err;
  }
}

export type OwnerProbe = { state: 'none' } | { state: 'owned'; owner: OwnerInfo | null };

/**
 * The lock that makes one process at a time the owner of a data directory: a write transaction held
 * open on `<dataDir>/owner.lock` (a tiny SQLite file). The operating system drops it the moment its
 * process dies, however it dies (kill -9, OOM, power loss on reboot), so a stale lock is never left
 * behind and there is no pid to guess about: a crashed owner's successor simply gets it, and a live
 * owner is never displaced. What the owner is and where its API listens is published in owner.json.
 */
export class OwnerLock {
  private released = false;

  private constructor(
    private readonly db: Database.Database,
    readonly dataDir: string,
    private info: OwnerInfo,
  ) {}

  /** Becomes the owner, or returns who is (null when the owner has not published itself in time). */
  static acquire(dataDir: string, who: Omit<OwnerInfo, 'pid' | 'hostname' | 'startedAt' | 'api'>): OwnerLock | { owner: OwnerInfo | null } {
    const db = openLockDb(dataDir);
    const until = Date.now() + ACQUIRE_TRIES_MS;
    for (;;) {
      if (tryLock(db)) {
        const info: OwnerInfo = { ...who, pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString(), api: null };
        try {
          writeOwnerFile(dataDir, info);
        } catch (err) {
          db.close();
          throw err;
        }
        return new OwnerLock(db, dataDir, info);
      }
      if (Date.now() > until) break;
      sleepSync(25);
    }
    db.close();
    return { owner: publishedOwner(dataDir) };
  }

  get owner(): OwnerInfo {
    return this.info;
  }

  /** Says where other processes reach this owner's API. */
  publishApi(api: OwnerInfo['api']): void {
    this.info = { ...this.info, api };
    writeOwnerFile(this.dataDir, this.info);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    removeOwnerFile(this.dataDir, this.info.pid);
    try {
      this.db.exec('ROLLBACK');
    } finally {
      this.db.close();
    }
  }
}

/**
 * Who owns `dataDir` now, without taking anything: 'none' when the lock is free (owner.json, if any,
 * is a dead owner's leftover). A lock file that cannot be opened (read-only file system) reads as 'none':
 * nobody can own what nobody can write.
 */
export function probeOwner(dataDir: string): OwnerProbe {
  if (!fs.existsSync(path.join(dataDir, LOCK_FILE))) return { state: 'none' };
  let db: Database.Database;
  try {
    db = new Database(path.join(dataDir, LOCK_FILE));
    db.pragma('busy_timeout = 0');
  } catch {
    return { state: 'none' };
  }
  try {
    if (tryLock(db)) {
      db.exec('ROLLBACK');
      return { state: 'none' };
    }
  } catch {
    return { state: 'none' };
  } finally {
    db.close();
  }
  return { state: 'owned', owner: publishedOwner(dataDir) };
}

/** The lock is held: its holder publishes owner.json right after taking it, so wait a moment for it. */
function publishedOwner(dataDir: string): OwnerInfo | null {
  const until = Date.now() + PUBLISH_WAIT_MS;
  for (;;) {
    const info = readOwnerFile(dataDir);
    if (info && isProcessAlive(info)) return info;
    if (Date.now() > until) return null;
    sleepSync(50);
  }
}
