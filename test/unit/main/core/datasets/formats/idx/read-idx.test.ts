import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { readIdx } from '../../../../../../../src/main/core/datasets/formats/idx/read-idx';
import type { ImportProgress } from '../../../../../../../src/main/core/datasets/import/types';

function idxHeader(magic: number, dims: number[]): Buffer {
  const h = Buffer.alloc(4 + 4 * dims.length);
  h.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => h.writeUInt32BE(d, 4 + 4 * i));
  return h;
}

/** Image n has every pixel equal to (n * 7 + pixel index) % 256, so any misplaced byte shows. */
function imagesFile(count: number, rows: number, cols: number): Buffer {
  const px = Buffer.alloc(count * rows * cols);
  for (let i = 0; i < px.length; i++) px[i] = (Math.floor(i / (rows * cols)) * 7 + (i % (rows * cols))) % 256;
  return Buffer.concat([idxHeader(0x803, [count, rows, cols]), px]);
}

const labelsFile = (labels: number[]) => Buffer.concat([idxHeader(0x801, [labels.length]), Buffer.from(labels)]);
const digits = (count: number) => Array.from({ length: count }, (_, i) => i % 10);

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idx-'));
});
const write = (name: string, data: Buffer) => fs.writeFileSync(path.join(dir, name), data);
const noProgress = () => {};

describe('readIdx', () => {
  it('reads a plain train pair and a gzipped t10k pair as the shipped test split', async () => {
    write('train-images-idx3-ubyte', imagesFile(30, 4, 3));
    write('train-labels-idx1-ubyte', labelsFile(digits(30)));
    write('t10k-images-idx3-ubyte.gz', gzipSync(imagesFile(12, 4, 3)));
    write('t10k-labels-idx1-ubyte.gz', gzipSync(labelsFile(digits(12).reverse())));
    const progress: ImportProgress[] = [];
    const ds = await readIdx(dir, {}, (p) => progress.push(p));

    expect(ds.format).toBe('idx');
    expect(ds.inputShape).toEqual([4, 3, 1]);
    expect(ds.task).toBe('multiclass');
    expect(ds.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(ds.x.length).toBe(30 * 12);
    expect(ds.x[12 * 5 + 4]).toBe((5 * 7 + 4) % 256); // image 5, pixel 4: raw, not normalized
    expect(Array.from(ds.y.slice(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect(ds.shippedTest!.x.length).toBe(12 * 12);
    expect(ds.shippedTest!.x[12 * 11 + 11]).toBe((11 * 7 + 11) % 256);
    expect(Array.from(ds.shippedTest!.y)).toEqual(digits(12).reverse());
    const last = progress.at(-1)!;
    expect(last.unit).toBe('bytes');
    expect(last.done).toBe(last.total);
    expect(last.total).toBe(fs.readdirSync(dir).reduce((s, f) => s + fs.statSync(path.join(dir, f)).size, 0));
  });

  it('accepts dotted names, a file as the source, and makes two labels a binary task', async () => {
    write('train-images.idx3-ubyte', imagesFile(6, 2, 2));
    write('train-labels.idx1-ubyte', labelsFile([3, 7, 7, 3, 3, 7]));
    const ds = await readIdx(path.join(dir, 'train-images.idx3-ubyte'), {}, noProgress);
    expect(ds.task).toBe('binary');
    expect(ds.classNames).toEqual(['3', '7']);
    expect(Array.from(ds.y)).toEqual([0, 1, 1, 0, 0, 1]);
    expect(ds.shippedTest).toBeUndefined();
  });

  it('picks the dataset of the file pointed at when a folder holds two', async () => {
    write('train-images-idx3-ubyte', imagesFile(4, 2, 2));
    write('train-labels-idx1-ubyte', labelsFile([0, 1, 0, 1]));
    write('emnist-letters-train-images-idx3-ubyte', imagesFile(3, 2, 2));
    write('emnist-letters-train-labels-idx1-ubyte', labelsFile([1, 2, 3]));
    await expect(readIdx(dir, {}, noProgress)).rejects.toThrow(/several datasets/);
    const ds = await readIdx(path.join(dir, 'emnist-letters-train-labels-idx1-ubyte'), {}, noProgress);
    expect(ds.classNames).toEqual(['1', '2', '3']);
    expect(ds.y.length).toBe(3);
  });

  it('rejects a wrong magic number, naming the file', async () => {
    const bad = imagesFile(4, 2, 2);
    bad.writeUInt32BE(0x00000804, 0);
    write('train-images-idx3-ubyte', bad);
    write('train-labels-idx1-ubyte', labelsFile([0, 1, 0, 1]));
    await expect(readIdx(dir, {}, noProgress)).rejects.toThrow(/train-images-idx3-ubyte: wrong magic number 0x00000804, expected 0x00000803/);
  });

  it('says so when a labels file sits where the images should be', async () => {
    write('train-images-idx3-ubyte', labelsFile([0, 1]));
    write('train-labels-idx1-ubyte', labelsFile([0, 1]));
    await expect(readIdx(dir, {}, noProgress)).rejects.toThrow(/train-images-idx3-ubyte: wrong magic .*this is an IDX labels file/);
  });

  it('rejects a count mismatch between images and labels, naming both files', async () => {
    write('train-images-idx3-ubyte', imagesFile(5, 2, 2));
    write('train-labels-idx1-ubyte', labelsFile([0, 1, 0, 1]));
    await expect(readIdx(dir, {}, noProgress)).rejects.toThrow(/train-images-idx3-ubyte has 5 images but .*train-labels-idx1-ubyte has 4 labels/);
  });

  it('rejects a truncated plain file', async () => {
    write('train-images-idx3-ubyte', imagesFile(5, 2, 2).subarray(0, 16 + 18));
    write('train-labels-idx1-ubyte', labelsFile([0, 1, 0, 1, 0]));
    await expect(readIdx(dir, {}, noProgress)).rejects.toThrow(/train-images-idx3-ubyte: truncated: the header promises 5 images of 2×2 \(20 bytes of data\) but the file holds 18/);
  });

  it('rejects a file shorter than its header', async () => {
    write('train-images-idx3-ubyte', imagesFile(5, 2, 2));
    write('train-labels-idx1-ubyte', labelsFile([0, 1, 0, 1, 0]).subarray(0, 6));
    await expect(readIdx(dir, {}, noProgress)).rejects.toThrow(/train-labels-idx1-ubyte: truncated: 6 bytes, shorter than the 8-byte IDX labels header/);
  });

  it('rejects a truncated .gz, naming the file', async () => {
    const gz = gzipSync(imagesFile(50, 8, 8));
    write('train-images-idx3-ubyte.gz', gz.subarray(0, gz.length - 40));
    write('train-labels-idx1-ubyte.gz', gzipSync(labelsFile(digits(50))));
    await expect(readIdx(dir, {}, noProgress)).rejects.toThrow(/train-images-idx3-ubyte\.gz: truncated or corrupt gzip data \(unexpected end of file\)/);
  });

  it('rejects a .gz whose content is shorter than its header promises', async () => {
    write('train-images-idx3-ubyte.gz', gzipSync(imagesFile(5, 2, 2).subarray(0, 30)));
    write('train-labels-idx1-ubyte.gz', gzipSync(labelsFile(digits(5))));
    await expect(readIdx(dir, {}, noProgress)).rejects.toThrow(/train-images-idx3-ubyte\.gz: truncated: the header promises 5 images/);
  });

  it('rejects extra bytes after the data', async () => {
    write('train-images-idx3-ubyte', Buffer.concat([imagesFile(2, 2, 2), Buffer.alloc(3)]));
    write('train-labels-idx1-ubyte', labelsFile([0, 1]));
    await expect(readIdx(dir, {}, noProgress)).rejects.toThrow(/train-images-idx3-ubyte: corrupt: .*holds 11/);
  });

  it('rejects absurd dimensions before allocating', async () => {
    write('train-images-idx3-ubyte', idxHeader(0x803, [2, 5000, 28]));
    write('train-labels-idx1-ubyte', labelsFile([0, 1]));
    await expect(readIdx(dir, {}, noProgress)).rejects.toThrow(/train-images-idx3-ubyte: absurd image dimensions 5000×28/);
    write('train-images-idx3-ubyte', idxHeader(0x803, [4_000_000_000, 4096, 4096]));
    await expect(readIdx(dir, {}, noProgress)).rejects.toThrow(/absurd dimensions/);
  });

  it('rejects a missing labels file, a lone test file, and a single class', async () => {
    write('train-images-idx3-ubyte', imagesFile(2, 2, 2));
    await expect(readIdx(dir, {}, noProgress)).rejects.toThrow(/no IDX training labels/);
    write('train-labels-idx1-ubyte', labelsFile([4, 4]));
    await expect(readIdx(dir, {}, noProgress)).rejects.toThrow(/train-labels-idx1-ubyte: every label is 4/);
    write('t10k-images-idx3-ubyte', imagesFile(2, 2, 2));
    await expect(readIdx(dir, {}, noProgress)).rejects.toThrow(/t10k-images-idx3-ubyte: IDX test images without the matching test labels/);
  });

  it('rejects test images of another size than the training images', async () => {
    write('train-images-idx3-ubyte', imagesFile(2, 2, 2));
    write('train-labels-idx1-ubyte', labelsFile([0, 1]));
    write('t10k-images-idx3-ubyte', imagesFile(2, 3, 3));
    write('t10k-labels-idx1-ubyte', labelsFile([0, 1]));
    await expect(readIdx(dir, {}, noProgress)).rejects.toThrow(/t10k-images-idx3-ubyte: test images are 3×3 but training images are 2×2/);
  });
});
