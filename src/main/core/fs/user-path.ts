import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/result';

/**
 * Checks for paths a user hands us (an export folder, a --db file, an import source, a spec file)
 * before anything opens or creates them. Two failures this prevents:
 *  - Node's recursive mkdirSync spins forever on procfs (`/proc/1/nope/x`: every mkdir answers ENOENT,
 *    so it keeps retrying the parent), blocking the event loop so that even SIGTERM goes unanswered;
 *  - opening a FIFO or a device blocks (or never ends) where a file was meant.
 * Every refusal is an AppError naming the path, what it was meant to be and why it cannot be.
 */

/** Deeper than any real folder tree; a walk that goes further is following something odd. */
const MAX_DEPTH = 256;

/** Kernel file systems (Linux statfs magic numbers): nothing a user means to read or write data in. */
const VIRTUAL_FS_MAGIC = new Map<number, string>([
  [0x9fa0, 'procfs'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x62656570, 'configfs'],
  [0xcafe4a11, 'bpf'],
  [0x6165676c, 'pstore'],
  [0xde5e81e4, 'efivarfs'],
  [0x42494e4d, 'binfmt_misc'],
  [0x65735543, 'fusectl'],
  [0x19800202, 'mqueue'],
  [0x6e736673, 'nsfs'],
]);

/** Where those file systems live by convention; /dev/shm is ordinary shared memory (tmpfs) and allowed. */
const VIRTUAL_ROOTS: { root: string; name: string }[] = [
  { root: '/proc', name: 'procfs' },
  { root: '/sys', name: 'sysfs' },
  { root: '/dev', name: 'the device folder' },
];

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));
/** `what` may be '' where the path alone says enough (an import source names itself). */
const named = (what: string, p: string) => (what ? `${what} ${p}` : p);
const isUnder = (p: string, root: string) => p === root || p.startsWith(`${root}/`);

function statOrNull(p: string): fs.Stats | null {
  try {
    return fs.statSync(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw err;
  }
}

/** What a non-regular, non-directory entry is, in words. */
export function describeSpecialFile(st: fs.Stats): string | null {
  if (st.isFIFO()) return 'a named pipe (FIFO), not a file: reading it would wait for a writer forever';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device, not a file';
  if (st.isSocket()) return 'a socket, not a file';
  return null;
}

/** The kernel file system `existing` lies on, or null for an ordinary one. */
function virtualFileSystemOf(existing: string): string | null {
  if (process.platform !== 'win32') {
    const real = fs.realpathSync(existing);
    const shm = isUnder(real, '/dev/shm');
    const byRoot = VIRTUAL_ROOTS.find((v) => isUnder(real, v.root) && !shm);
    if (byRoot) return `${byRoot.name} (${byRoot.root})`;
  }
  if (process.platform === 'linux' && typeof fs.statfsSync === 'function') {
    const name = VIRTUAL_FS_MAGIC.get(Number(fs.statfsSync(existing).type));
    if (name) return name;
  }
  return null;
}

/** The path itself or its nearest existing ancestor, and the missing folders below it (outermost first). */
function nearestExisting(p: string, what: string): { existing: string; stat: fs.Stats; missing: string[] } {
  const missing: string[] = [];
  let current = p;
  for (let depth = 0; depth <= MAX_DEPTH; depth++) {
    const stat = statOrNull(current);
    if (stat) return { existing: current, stat, missing: missing.reverse() };
    missing.push(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  throw new AppError('invalid_input', `${named(what, p)}: no existing folder found above it`);
}

function refuseVirtual(p: string, existing: string, what: string): void {
  const fsName = virtualFileSystemOf(existing);
  if (fsName) throw new AppError('invalid_input', `${named(what, p)}: lies in ${fsName}, a kernel file system, not a place for data; choose a folder on a disk`);
}

function wrapIo<T>(p: string, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('io_error', `${named(what, p)}: cannot be checked (${reason(err)})`);
  }
}

/**
 * An existing file or folder to read from (an import source, a spec file): a regular file, or a
 * folder when `folders` allows one; never a FIFO, device or socket, never inside /proc, /sys or /dev.
 * Returns the absolute path.
 */
export function checkReadablePath(p: string, what: string, opts: { folders: boolean }): string {
  const abs = path.resolve(p);
  return wrapIo(abs, what, () => {
    const stat = statOrNull(abs);
    if (!stat) throw new AppError('not_found', `${named(what, abs)}: no such file or directory`);
    refuseVirtual(abs, abs, what);
    const special = describeSpecialFile(stat);
    if (special) throw new AppError('invalid_input', `${named(what, abs)}: ${special}`);
    if (stat.isDirectory() && !opts.folders) throw new AppError('invalid_input', `${named(what, abs)}: a folder, not a file`);
    return abs;
  });
}

/**
 * A file to read if it exists (the database of a read-only command): never in /proc, /sys or /dev,
 * even when it is missing, and never a special file. Returns the absolute path and whether it exists.
 */
export function checkFileToRead(file: string, what: string): { abs: string; exists: boolean } {
  const abs = path.resolve(file);
  return wrapIo(abs, what, () => {
    const { existing, stat } = nearestExisting(abs, what);
    refuseVirtual(abs, existing, what);
    if (existing !== abs) return { abs, exists: false };
    if (!stat.isFile()) throw new AppError('invalid_input', `${named(what, abs)}: ${describeSpecialFile(stat) ?? 'a folder, not a file'}`);
    return { abs, exists: true };
  });
}

/**
 * A folder to write into, created if missing (one level at a time, at most MAX_DEPTH levels), on an
 * ordinary file system. Returns the absolute path.
 */
export function ensureUserDirectory(dir: string, what: string, shownAs: string = dir): string {
  const abs = path.resolve(dir);
  const shown = path.resolve(shownAs);
  return wrapIo(shown, what, () => {
    const { existing, stat, missing } = nearestExisting(abs, what);
    refuseVirtual(shown, existing, what);
    if (!stat.isDirectory()) {
      const special = describeSpecialFile(stat);
      throw new AppError('invalid_input', `${named(what, shown)}: ${existing === shown ? '' : `${existing} is `}${special ?? 'a file, not a folder'}`);
    }
    for (const folder of missing) {
      try {
        fs.mkdirSync(folder);
      } catch (err) {
        // Another process may have made it between our stat and mkdir; anything else is a real failure.
        if ((err as NodeJS.ErrnoException).code === 'EEXIST' && statOrNull(folder)?.isDirectory()) continue;
        throw new AppError('io_error', `${named(what, shown)}: cannot create folder ${folder} (${reason(err)})`);
      }
    }
    return abs;
  });
}

/**
 * A file to create or open for writing (the database): its folder is made as above; an existing
 * entry must be a regular file. Returns the absolute path.
 */
export function checkWritableFile(file: string, what: string): string {
  const abs = path.resolve(file);
  ensureUserDirectory(path.dirname(abs), what, abs);
  return wrapIo(abs, what, () => {
    const stat = statOrNull(abs);
    if (stat && !stat.isFile()) throw new AppError('invalid_input', `${named(what, abs)}: ${describeSpecialFile(stat) ?? 'a folder, not a file'}`);
    return abs;
  });
}
