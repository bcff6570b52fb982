// IDX import throughput: a generated 60,000-image 28×28 pair (MNIST-sized), plain and .gz, read with
// readIdx, side by side with the floor it cannot beat: fs.readFileSync of the same files (and
// zlib.gunzipSync for the .gz), then the whole import as a user runs it (issue 3's target: ≥ 200 MB/s).
// Prints MB/s and peak RSS (sampled every 50 ms).
//   node scripts/run-ts.mjs bench/import-idx.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import { importDataset } from '../src/main/core/datasets/import/import-dataset';
import { Store } from '../src/main/core/store/store';
import { readIdx } from '../src/main/core/datasets/formats/idx/read-idx';

const COUNT = 60_000;
const SIDE = 28;
const RUNS = 3;

function idxHeader(magic: number, dims: number[]): Buffer {
  const h = Buffer.alloc(4 + 4 * dims.length);
  h.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => h.writeUInt32BE(d, 4 + 4 * i));
  return h;
}

/** MNIST-like pixels: mostly background with a few bright strokes, so gzip ratios are realistic. */
function makeImages(): Buffer {
  const px = Buffer.alloc(COUNT * SIDE * SIDE);
  let seed = 12345;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let n = 0; n < COUNT; n++) {
    const base = n * SIDE * SIDE;
    for (let s = 0; s < 4; s++) {
      let r = 4 + Math.floor(rand() * 20);
      let c = 4 + Math.floor(rand() * 20);
      for (let step = 0; step < 25; step++) {
        r = Math.min(SIDE - 1, Math.max(0, r + Math.round(rand() * 2 - 1)));
        c = Math.min(SIDE - 1, Math.max(0, c + Math.round(rand() * 2 - 1)));
        px[base + r * SIDE + c] = 128 + Math.floor(rand() * 128);
      }
    }
  }
  return Buffer.concat([idxHeader(0x803, [COUNT, SIDE, SIDE]), px]);
}

function makeLabels(): Buffer {
  const labels = Buffer.alloc(COUNT);
  for (let i = 0; i < COUNT; i++) labels[i] = (i * 7) % 10;
  return Buffer.concat([idxHeader(0x801, [COUNT]), labels]);
}

const gc = () => (globalThis as { gc?: () => void }).gc?.();
const mb = (bytes: number) => bytes / 1e6;

/** Best-of-RUNS wall time and the peak RSS seen across the runs. */
async function measure(fn: () => unknown): Promise<{ seconds: number; peakRss: number }> {
  let best = Infinity;
  let peak = 0;
  for (let run = 0; run < RUNS; run++) {
    gc();
    peak = Math.max(peak, process.memoryUsage.rss());
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
    const t0 = performance.now();
    let result = await fn();
    best = Math.min(best, (performance.now() - t0) / 1000);
    peak = Math.max(peak, process.memoryUsage.rss());
    clearInterval(timer);
    result = undefined; // let the arrays go before the next run
    void result;
  }
  return { seconds: best, peakRss: peak };
}

function row(label: string, bytes: number, r: { seconds: number; peakRss: number }): string {
  return `${label.padEnd(44)} ${(mb(bytes) / r.seconds).toFixed(0).padStart(7)} MB/s  ${(r.seconds * 1000).toFixed(0).padStart(6)} ms  peak RSS ${mb(r.peakRss).toFixed(0).padStart(5)} MB`;
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-idx-'));
  try {
    const plainDir = path.join(root, 'plain');
    const gzDir = path.join(root, 'gz');
    fs.mkdirSync(plainDir);
    fs.mkdirSync(gzDir);
    {
      const images = makeImages();
      const labels = makeLabels();
      fs.writeFileSync(path.join(plainDir, 'train-images-idx3-ubyte'), images);
      fs.writeFileSync(path.join(plainDir, 'train-labels-idx1-ubyte'), labels);
      fs.writeFileSync(path.join(gzDir, 'train-images-idx3-ubyte.gz'), gzipSync(images));
      fs.writeFileSync(path.join(gzDir, 'train-labels-idx1-ubyte.gz'), gzipSync(labels));
    }
    const sizeOf = (dir: string) => fs.readdirSync(dir).reduce((s, f) => s + fs.statSync(path.join(dir, f)).size, 0);
    const plainBytes = sizeOf(plainDir);
    const gzBytes = sizeOf(gzDir);
    const files = (dir: string) => fs.readdirSync(dir).map((f) => path.join(dir, f));
    gc();
    const baseline = process.memoryUsage.rss();
    console.log(`IDX pair: ${COUNT} images ${SIDE}×${SIDE}: plain ${mb(plainBytes).toFixed(1)} MB, gzip ${mb(gzBytes).toFixed(1)} MB; pixels kept uint8 end to end (${mb(COUNT * SIDE * SIDE).toFixed(0)} MB; float32 would be ${mb(COUNT * SIDE * SIDE * 4).toFixed(0)} MB)`);
    console.log(`node ${process.version}, ${os.cpus().length} CPUs, baseline RSS ${mb(baseline).toFixed(0)} MB; best of ${RUNS} runs; MB/s of uncompressed IDX bytes`);
    const noProgress = () => {};

    console.log(row('reference: fs.readFileSync (plain)', plainBytes, await measure(() => files(plainDir).map((f) => fs.readFileSync(f)))));
    console.log(row('readIdx (plain)', plainBytes, await measure(() => readIdx(plainDir, {}, noProgress))));
    console.log(row('reference: readFileSync + gunzipSync (.gz)', plainBytes, await measure(() => files(gzDir).map((f) => gunzipSync(fs.readFileSync(f))))));
    console.log(row('readIdx (.gz)', plainBytes, await measure(() => readIdx(gzDir, {}, noProgress))));
    // The whole import as a user runs it (content hash, read, split, statistics, cache write, store),
    // into a fresh store each time so the content-hash shortcut never skips the work.
    let n = 0;
    const fullImport = (source: string) => async () => {
      const store = Store.open(path.join(root, `db-${++n}`, 'studies.db'));
      try {
        await importDataset(store, path.join(root, `datasets-${n}`), { source });
      } finally {
        store.close();
      }
    };
    console.log(row('full import (plain): hash+read+split+cache+store', plainBytes, await measure(fullImport(plainDir))));
    console.log(row('full import (.gz): hash+read+split+cache+store', plainBytes, await measure(fullImport(gzDir))));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

void main();
