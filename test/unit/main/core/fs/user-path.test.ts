import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkReadablePath, checkWritableFile, ensureUserDirectory } from '../../../../../src/main/core/fs/user-path';
import { AppError } from '../../../../../src/shared/result';
import { useTempDir } from '../../../../helpers/temp-dir';

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a refusal');
}

const linux = process.platform === 'linux';

describe('user-given paths', () => {
  const tempDir = useTempDir('hps-paths-');

  it.runIf(linux)('refuses folders in procfs, sysfs and /dev instead of spinning in mkdir', () => {
    // Node's recursive mkdirSync loops forever on this one; the check answers at once.
    const proc = refusal(() => ensureUserDirectory('/proc/1/nope/x', 'export folder'));
    expect(proc.message).toBe('export folder /proc/1/nope/x: lies in procfs (/proc), a kernel file system, not a place for data; choose a folder on a disk');
    expect(fs.existsSync('/proc/1/nope')).toBe(false);
    expect(refusal(() => ensureUserDirectory('/sys/kernel/nope', 'data folder')).message).toMatch(/^data folder \/sys\/kernel\/nope: lies in sysfs/);
    expect(refusal(() => checkWritableFile('/dev/nope/studies.db', 'database')).message).toMatch(/^database \/dev\/nope\/studies\.db: lies in the device folder/);
    expect(refusal(() => checkReadablePath('/proc/self/status', 'study spec', { folders: false })).message).toMatch(/^study spec \/proc\/self\/status: lies in procfs/);
  });

  it.runIf(linux)('follows links into kernel file systems', () => {
    const dir = tempDir();
    fs.symlinkSync('/proc/1', path.join(dir, 'innocent'));
    expect(refusal(() => ensureUserDirectory(path.join(dir, 'innocent', 'nope', 'x'), 'export folder')).message).toContain('lies in procfs');
  });

  it.runIf(linux)('refuses a FIFO and a device where a file is read', () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'data.csv');
    execFileSync('mkfifo', [fifo]);
    const err = refusal(() => checkReadablePath(fifo, '', { folders: true }));
    expect(err.code).toBe('invalid_input');
    expect(err.message).toBe(`${fifo}: a named pipe (FIFO), not a file: reading it would wait for a writer forever`);
    expect(refusal(() => checkWritableFile(fifo, 'database')).message).toBe(`database ${fifo}: a named pipe (FIFO), not a file: reading it would wait for a writer forever`);
  });

  it('creates missing folders one level at a time and names what is in the way', () => {
    const dir = tempDir();
    const deep = path.join(dir, 'a', 'b', 'c');
    expect(ensureUserDirectory(deep, 'export folder')).toBe(deep);
    expect(fs.statSync(deep).isDirectory()).toBe(true);
    expect(ensureUserDirectory(deep, 'export folder')).toBe(deep); // existing: fine

    const file = path.join(dir, 'plain.txt');
    fs.writeFileSync(file, 'x');
    const blocked = refusal(() => ensureUserDirectory(path.join(file, 'sub'), 'export folder'));
    expect(blocked.message).toBe(`export folder ${path.join(file, 'sub')}: ${file} is a file, not a folder`);
    expect(refusal(() => checkWritableFile(dir, 'database')).message).toBe(`database ${dir}: a folder, not a file`);
    expect(refusal(() => checkReadablePath(dir, 'study spec', { folders: false })).message).toBe(`study spec ${dir}: a folder, not a file`);
    const missing = refusal(() => checkReadablePath(path.join(dir, 'gone.csv'), '', { folders: true }));
    expect(missing.code).toBe('not_found');
    expect(missing.message).toBe(`${path.join(dir, 'gone.csv')}: no such file or directory`);
  });
});
