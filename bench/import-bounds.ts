/**
 * Peak memory of imports at the edges (issue 9): a very wide CSV of few rows, and compressed inputs
 * that inflate a thousand-fold (npz, image zip, gzipped IDX), each next to its file size and the size
 * of its decoded data, with references of the same decoded size in the same run (a tall CSV of the
 * same cells, an npz of real-looking floats). Every case runs the whole import (hash, read, split,
 * statistics, cache, store) in a fresh process, whose peak RSS (getrusage) minus what it held before
 * the import is what the import cost.
 * Run: node scripts/run-ts.mjs bench/import-bounds.ts
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Zip, ZipDeflate } from 'fflate';
import { importDataset } from '../src/main/core/datasets/import/import-dataset';
import { Store } from '../src/main/core/store/store';

const MB = 1024 * 1024;

interface CaseResult {
  outcome: string;
  baselineKb: number;
  peakKb: number;
}

/** Child mode: import `file` into a fresh data folder and report the peak. */
async function runCase(file: string, work: string): Promise<void> {
  const store = Store.open(path.join(work, 'studies.db'));
  (globalThis as { gc?: () => void }).gc?.();
  const baselineKb = process.resourceUsage().maxRSS;
  let outcome: string;
  try {
    const { dataset } = await importDataset(store, path.join(work, 'datasets'), { source: file });
    outcome = `imported: ${dataset.meta.splits.train + dataset.meta.splits.val + dataset.meta.splits.test} rows × ${dataset.meta.inputShape.join('×')}`;
  } catch (err) {
    outcome = `refused: ${(err as Error).message.replace(`${file}: `, '').slice(0, 90)}`;
  }
  store.close();
  const result: CaseResult = { outcome, baselineKb, peakKb: process.resourceUsage().maxRSS };
  process.send!(result);
}

function csv(file: string, columns: number, rows: number): void {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, [...Array.from({ length: columns - 1 }, (_, j) => `f${j}`), 'label'].join(',') + '\n');
  for (let r = 0; r < rows; r++) {
    const cells = Array.from({ length: columns - 1 }, (_, j) => String(((r * 31 + j * 17) % 97) / 10));
    fs.writeSync(fd, `${cells.join(',')},${r % 2}\n`);
  }
  fs.closeSync(fd);
}

function npyHeader(descr: string, shape: number[]): Buffer {
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  dict += ' '.repeat(63 - ((10 + dict.length) % 64)) + '\n';
  const head = Buffer.alloc(10);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(head);
  head.writeUInt16LE(dict.length, 8);
  return Buffer.concat([head, Buffer.from(dict, 'latin1')]);
}

/** A zip written entry by entry with deflate, data produced in 1 MiB chunks (nothing held whole). */
function zipStreamed(file: string, entries: { name: string; head?: Buffer; bytes: number; chunk: (i: number) => Uint8Array }[]): void {
  const fd = fs.openSync(file, 'w');
  const zip = new Zip((err, data) => {
    if (err) throw err;
    fs.writeSync(fd, data);
  });
  for (const e of entries) {
    const entry = new ZipDeflate(e.name, { level: 9 });
    zip.add(entry);
    entry.push(e.head ?? new Uint8Array(0), e.bytes === 0);
    for (let done = 0, i = 0; done < e.bytes; i++) {
      const chunk = e.chunk(i).subarray(0, Math.min(MB, e.bytes - done));
      done += chunk.length;
      entry.push(chunk, done >= e.bytes);
    }
  }
  zip.end();
  fs.closeSync(fd);
}

const zeros = new Uint8Array(MB);
function noise(i: number): Uint8Array {
  const values = new Float32Array(MB / 4);
  let s = i + 1;
  for (let k = 0; k < values.length; k++) values[k] = ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32) * 10;
  return new Uint8Array(values.buffer);
}

function idxBomb(dir: string): string {
  const header = Buffer.alloc(16);
  header.writeUInt32BE(0x803, 0);
  header.writeUInt32BE(60_000, 4);
  header.writeUInt32BE(28, 8);
  header.writeUInt32BE(28, 12);
  fs.writeFileSync(path.join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(Buffer.concat([header, Buffer.alloc(60_000 * 28 * 28)]), { level: 9 }));
  const labels = Buffer.alloc(8 + 60_000);
  labels.writeUInt32BE(0x801, 0);
  labels.writeUInt32BE(60_000, 4);
  for (let i = 0; i < 60_000; i++) labels[8 + i] = i % 10;
  fs.writeFileSync(path.join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(labels));
  return path.join(dir, 'train-images-idx3-ubyte.gz');
}

interface Case {
  name: string;
  make: (dir: string) => string;
  /** Bytes of the decoded features (float32 for tables and npz, uint8 for IDX pixels). */
  decodedBytes: number;
}

const CASES: Case[] = [
  { name: 'wide CSV 10,000 cols × 30 rows', decodedBytes: 30 * 9_999 * 4, make: (d) => (csv(path.join(d, 'wide.csv'), 10_000, 30), path.join(d, 'wide.csv')) },
  { name: '  reference: tall CSV, same cells', decodedBytes: 30_000 * 9 * 4, make: (d) => (csv(path.join(d, 'tall.csv'), 10, 30_000), path.join(d, 'tall.csv')) },
  { name: 'wide CSV 20,000 cols × 40 rows', decodedBytes: 40 * 19_999 * 4, make: (d) => (csv(path.join(d, 'wider.csv'), 20_000, 40), path.join(d, 'wider.csv')) },
  { name: 'wide CSV 10,000 cols × 600 rows', decodedBytes: 600 * 9_999 * 4, make: (d) => (csv(path.join(d, 'wide600.csv'), 10_000, 600), path.join(d, 'wide600.csv')) },
  { name: '  reference: tall CSV, same cells', decodedBytes: 600_000 * 9 * 4, make: (d) => (csv(path.join(d, 'tall600.csv'), 10, 600_000), path.join(d, 'tall600.csv')) },
  {
    name: 'npz bomb: 256 MiB of zeros',
    decodedBytes: 256 * MB,
    make: (d) => {
      const file = path.join(d, 'bomb.npz');
      zipStreamed(file, [
        { name: 'x.npy', head: npyHeader('<f4', [16 * MB, 4]), bytes: 256 * MB, chunk: () => zeros },
        { name: 'y.npy', head: npyHeader('|u1', [16 * MB]), bytes: 16 * MB, chunk: () => zeros },
      ]);
      return file;
    },
  },
  {
    name: '  reference: npz of 64 MiB of floats',
    decodedBytes: 64 * MB,
    make: (d) => {
      const file = path.join(d, 'floats.npz');
      const rows = (64 * MB) / 4 / 16;
      const labels = Buffer.alloc(rows * 8);
      for (let i = 0; i < rows; i++) labels.writeBigInt64LE(BigInt(i % 2), i * 8);
      zipStreamed(file, [
        { name: 'x.npy', head: npyHeader('<f4', [rows, 16]), bytes: 64 * MB, chunk: noise },
        { name: 'y.npy', head: Buffer.concat([npyHeader('<i8', [rows]), labels]), bytes: 0, chunk: () => zeros },
      ]);
      return file;
    },
  },
  {
    name: 'image zip bomb: one 256 MiB "PNG"',
    decodedBytes: 256 * MB,
    make: (d) => {
      const file = path.join(d, 'images.zip');
      zipStreamed(file, [
        { name: 'cats/1.png', bytes: 256 * MB, chunk: () => zeros },
        { name: 'dogs/1.png', bytes: 1024, chunk: () => zeros },
      ]);
      return file;
    },
  },
  { name: 'IDX .gz bomb: 60,000 blank 28×28', decodedBytes: 60_000 * 784, make: idxBomb },
];

function runInChild(file: string, work: string): Promise<CaseResult> {
  return new Promise((resolve, reject) => {
    const child = fork(process.argv[1]!, ['--case', file, work], { execArgv: ['--expose-gc'] });
    child.once('message', (m) => resolve(m as CaseResult));
    child.once('exit', (code) => code !== 0 && reject(new Error(`case process exited ${code}`)));
  });
}

async function main(): Promise<void> {
  if (process.argv[2] === '--case') return runCase(process.argv[3]!, process.argv[4]!);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-bounds-'));
  const mib = (bytes: number) => (bytes / MB).toFixed(bytes < 10 * MB ? 2 : 0).padStart(7);
  try {
    console.log('case                                   file MiB  decoded MiB  peak +MiB  peak/decoded  outcome');
    for (const c of CASES) {
      const dir = fs.mkdtempSync(path.join(root, 'case-'));
      const file = c.make(dir);
      const size = fs.statSync(file).size;
      const r = await runInChild(file, fs.mkdtempSync(path.join(root, 'data-')));
      const extra = (r.peakKb - r.baselineKb) * 1024;
      console.log(`${c.name.padEnd(38)} ${mib(size)}  ${mib(c.decodedBytes)}     ${mib(extra)}  ${(extra / c.decodedBytes).toFixed(2).padStart(11)}  ${r.outcome}`);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

void main();
