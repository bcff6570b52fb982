/**
 * CSV import throughput and peak memory: generates a numeric CSV of the given size (20 numeric
 * columns, 1 categorical, a binary target) in a temp dir, imports it with readCsv, and prints MB/s
 * and peak RSS next to the raw read throughput of the same file (the machine's own ceiling).
 * Run: node scripts/run-ts.mjs bench/import-csv.ts [MB] [quoted]   (default 200 MB; `quoted` writes the
 * categorical column in quotes, which takes papaparse off its split-only fast path)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCsv } from '../src/main/core/datasets/formats/csv/read-csv';
import { importDataset } from '../src/main/core/datasets/import/import-dataset';
import { Store } from '../src/main/core/store/store';

const NUMERIC_COLUMNS = 20;
const COLORS = ['red', 'green', 'blue', 'yellow', 'purple'];

function generateCsv(file: string, targetBytes: number, quoted: boolean): number {
  const fd = fs.openSync(file, 'w');
  let random = 12345;
  const next = () => ((random = (random * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const header = [...Array.from({ length: NUMERIC_COLUMNS }, (_, j) => `f${j + 1}`), 'color', 'label'].join(',') + '\n';
  fs.writeSync(fd, header);
  let written = header.length;
  let rows = 0;
  while (written < targetBytes) {
    const lines: string[] = [];
    for (let r = 0; r < 10_000; r++) {
      const cells: string[] = [];
      for (let j = 0; j < NUMERIC_COLUMNS; j++) cells.push(((next() - 0.5) * 200).toFixed(4));
      const color = COLORS[Math.floor(next() * COLORS.length)]!;
      cells.push(quoted ? `"${color}"` : color, next() < 0.5 ? '0' : '1');
      lines.push(cells.join(','));
    }
    const block = lines.join('\n') + '\n';
    fs.writeSync(fd, block);
    written += block.length;
    rows += lines.length;
  }
  fs.closeSync(fd);
  return rows;
}

async function rawReadSeconds(file: string): Promise<number> {
  const start = performance.now();
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) bytes += chunk.length;
  if (bytes === 0) throw new Error('empty file');
  return (performance.now() - start) / 1000;
}

async function main(): Promise<void> {
  const megabytes = Number(process.argv[2] ?? 200);
  const quoted = process.argv[3] === 'quoted';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-csv-'));
  const file = path.join(dir, 'bench.csv');
  try {
    const rows = generateCsv(file, megabytes * 1024 * 1024, quoted);
    const size = fs.statSync(file).size;
    const mb = size / (1024 * 1024);
    const raw = await rawReadSeconds(file);
    (globalThis as { gc?: () => void }).gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const start = performance.now();
    const data = await readCsv(file, {}, () => {});
    const seconds = (performance.now() - start) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const arrays = data.x.byteLength + data.y.byteLength;
    const toMb = (bytes: number) => (bytes / (1024 * 1024)).toFixed(0);
    console.log(`CSV ${mb.toFixed(0)} MB${quoted ? ' (quoted categories)' : ''}, ${rows} rows × ${NUMERIC_COLUMNS + 2} columns → x ${data.y.length}×${data.inputShape[0]} (${data.task})`);
    console.log(`  raw read (fs.createReadStream): ${(mb / raw).toFixed(0)} MB/s`);
    console.log(`  readCsv:                        ${(mb / seconds).toFixed(1)} MB/s  (${seconds.toFixed(1)} s)`);
    console.log(`  peak RSS ${toMb(peak)} MB (baseline ${toMb(baseline)} MB, +${toMb(peak - baseline)} MB); file ${toMb(size)} MB + final arrays ${toMb(arrays)} MB = ${toMb(size + arrays)} MB`);

    // The whole import as a user runs it: content hash, read, split, statistics, cache write, store.
    (globalThis as { gc?: () => void }).gc?.();
    const store = Store.open(path.join(dir, 'studies.db'));
    const fullBaseline = process.memoryUsage().rss;
    let fullPeak = fullBaseline;
    const fullSampler = setInterval(() => (fullPeak = Math.max(fullPeak, process.memoryUsage().rss)), 50);
    const fullStart = performance.now();
    await importDataset(store, path.join(dir, 'datasets'), { source: file });
    const fullSeconds = (performance.now() - fullStart) / 1000;
    clearInterval(fullSampler);
    store.close();
    console.log(`  full import (hash + read + split + stats + cache + store): ${(mb / fullSeconds).toFixed(1)} MB/s  (${fullSeconds.toFixed(1)} s), peak +${toMb(fullPeak - fullBaseline)} MB`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
