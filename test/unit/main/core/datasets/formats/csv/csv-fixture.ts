import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { ImportOptions, ImportProgress, RawDataset } from '../../../../../../../src/main/core/datasets/import/types';
import { readCsv } from '../../../../../../../src/main/core/datasets/formats/csv/read-csv';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes `content` to a file in a fresh temp dir and returns its path. */
export function csvFile(content: string | Uint8Array, name = 'data.csv'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csv-test-'));
  dirs.push(dir);
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

export async function importCsv(content: string | Uint8Array, opts: ImportOptions = {}): Promise<RawDataset & { file: string; progress: ImportProgress[] }> {
  const file = csvFile(content);
  const progress: ImportProgress[] = [];
  const data = await readCsv(file, opts, (p) => progress.push(p));
  return { ...data, file, progress };
}

/** Feature rows of x as plain arrays, for readable expectations. */
export function rows(data: RawDataset): number[][] {
  const width = data.inputShape[0]!;
  return Array.from({ length: data.y.length }, (_, r) => Array.from(data.x.subarray(r * width, (r + 1) * width)));
}

/** The error a read rejects with (fails the test when the read succeeds). */
export async function importError(content: string | Uint8Array, opts: ImportOptions = {}): Promise<{ file: string; code: string; message: string }> {
  const file = csvFile(content);
  try {
    await readCsv(file, opts, () => {});
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { file, code, message };
  }
  throw new Error(`expected ${file} to be rejected`);
}
