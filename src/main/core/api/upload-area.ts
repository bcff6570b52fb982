import fs from 'node:fs';
import path from 'node:path';

export interface UploadAreaOptions {
  /** `<data dir>/uploads`: one folder per upload id. */
  dir: string;
  /** Bytes all uploads together may hold at once (uploads waiting to be imported, or failed). */
  quotaBytes: number;
  /**
   * How long an upload is kept after a failed import (so an API client can retry with other options
   * without sending it again) or after its last file arrived without an import. 0: removed at once.
   */
  graceMs: number;
}

export const DEFAULT_UPLOAD_QUOTA_BYTES = 8 * 1024 ** 3;
export const DEFAULT_UPLOAD_GRACE_MS = 15 * 60_000;

/** Calls `visit` for `p` and everything below it (links not followed); a vanished entry is skipped. */
function walk(p: string, visit: (st: fs.Stats) => void): void {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(p);
  } catch {
    return;
  }
  visit(st);
  if (st.isDirectory()) for (const name of fs.readdirSync(p)) walk(path.join(p, name), visit);
}

/** Bytes of the files under `p`. */
function sizeOf(p: string): number {
  let total = 0;
  walk(p, (st) => (total += st.isDirectory() ? 0 : st.size));
  return total;
}

/** Newest mtime in a folder tree (ms): when its last file arrived. */
function newestChange(p: string): number {
  let newest = 0;
  walk(p, (st) => (newest = Math.max(newest, st.mtimeMs)));
  return newest;
}

/**
 * The uploads of one serve-mode server: how many bytes they hold against a quota, which ones an import
 * is reading, and removal of the rest once they are done with. Without it every failed import's upload
 * stayed forever and a client could fill the disk one upload at a time.
 */
export class UploadArea {
  readonly dir: string;
  readonly quotaBytes: number;
  readonly graceMs: number;
  private used: number;
  private readonly held = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private sweeper: NodeJS.Timeout | null = null;

  constructor(opts: UploadAreaOptions) {
    this.dir = opts.dir;
    this.quotaBytes = opts.quotaBytes;
    this.graceMs = opts.graceMs;
    this.used = sizeOf(this.dir);
  }

  /** Bytes the uploads hold now (what was received, partial files included, less what was removed). */
  get usedBytes(): number {
    return this.used;
  }

  /** `<dir>/<uploadId>` when `p` lies inside an upload, else null. */
  folderOf(p: string): string | null {
    const rel = path.relative(this.dir, path.resolve(p));
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
    return path.join(this.dir, rel.split(path.sep)[0]!);
  }

  /**
   * Counts `bytes` more against the quota; false (and nothing counted) when they do not fit. Called
   * per received chunk, so concurrent uploads cannot overshoot the quota together.
   */
  take(bytes: number): boolean {
    if (this.used + bytes > this.quotaBytes) return false;
    this.used += bytes;
    return true;
  }

  /** Gives back bytes counted by take() for a file that was then thrown away. */
  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }

  /**
   * An import starts reading the upload `folder`: it is not swept meanwhile. The returned function
   * ends the hold: an imported upload has done its job and goes at once; a failed one after the grace
   * period (at once when it is 0).
   */
  hold(folder: string): (outcome: 'imported' | 'failed') => void {
    this.held.set(folder, (this.held.get(folder) ?? 0) + 1);
    this.cancelTimer(folder);
    let released = false;
    return (outcome) => {
      if (released) return;
      released = true;
      const count = (this.held.get(folder) ?? 1) - 1;
      if (count > 0) return void this.held.set(folder, count);
      this.held.delete(folder);
      if (outcome === 'imported' || this.graceMs === 0) this.remove(folder);
      else this.timers.set(folder, setTimeout(() => this.remove(folder), this.graceMs).unref());
    };
  }

  /**
   * Removes uploads no import holds whose newest file is older than the grace period: abandoned ones
   * (never imported) and any a previous server left behind. Returns the removed folders.
   */
  sweep(now = Date.now()): string[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return [];
    }
    const removed: string[] = [];
    for (const name of names) {
      const folder = path.join(this.dir, name);
      if (this.held.has(folder) || now - newestChange(folder) < this.graceMs) continue;
      this.remove(folder);
      removed.push(folder);
    }
    return removed;
  }

  /** Sweeps every `everyMs` until dispose(). */
  startSweeping(everyMs = Math.max(1000, Math.min(this.graceMs, 60_000))): void {
    this.sweep();
    this.sweeper ??= setInterval(() => this.sweep(), everyMs).unref();
  }

  dispose(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private remove(folder: string): void {
    this.cancelTimer(folder);
    const size = sizeOf(folder);
    fs.rmSync(folder, { recursive: true, force: true });
    this.give(size);
  }

  private cancelTimer(folder: string): void {
    const timer = this.timers.get(folder);
    if (timer) clearTimeout(timer);
    this.timers.delete(folder);
  }
}
