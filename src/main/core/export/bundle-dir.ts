import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/result';
import { writeFailure } from '../fs/fs-errors';
import { describeSpecialFile, ensureUserDirectory } from '../fs/user-path';

/**
 * Writes a bundle folder all at once: `fill` writes into a temp sibling that is renamed into place
 * last, so a failed export never leaves a partial bundle. The target must be a new or empty folder; the
 * folder above it is made one checked level at a time (never in /proc, /sys or /dev: Node's recursive
 * mkdir spins forever on procfs). Returns the folder and the files `fill` says it wrote.
 */
export function writeBundleDir(outDir: string, what: string, fill: (tmp: string) => string[]): { dir: string; files: string[] } {
  const target = path.resolve(outDir);
  ensureUserDirectory(path.dirname(target), 'export folder', target);
  const existing = fs.existsSync(target) ? fs.statSync(target) : null;
  if (existing && !existing.isDirectory()) {
    throw new AppError('conflict', `export folder ${target}: ${describeSpecialFile(existing) ?? 'a file, not a folder'}; choose a new or empty folder`);
  }
  if (existing && fs.readdirSync(target).length > 0) {
    throw new AppError('conflict', `export folder ${target}: directory is not empty; choose a new or empty directory`);
  }
  const tmp = `${target}.tmp-${process.pid}`;
  try {
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp);
  } catch (err) {
    throw writeFailure(err, target, what);
  }
  try {
    const files = fill(tmp);
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(tmp, target);
    return { dir: target, files };
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw writeFailure(err, target, what);
  }
}

/** A model.json, parsed, with an error naming the file when it cannot be read. */
export function readModelJsonFile(dir: string): Record<string, unknown> & { weightsManifest?: { paths: string[]; weights: Record<string, unknown>[] }[] } {
  const file = path.join(dir, 'model.json');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new AppError('io_error', `${file}: cannot read the model (${(err as Error).message})`);
  }
}
