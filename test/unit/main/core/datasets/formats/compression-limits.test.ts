import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readImageZip } from '../../../../../../src/main/core/datasets/formats/images/read-image-zip';
import { readIdx } from '../../../../../../src/main/core/datasets/formats/idx/read-idx';
import { readNpy } from '../../../../../../src/main/core/datasets/formats/numpy/read-npy';
import { detectFormat } from '../../../../../../src/main/core/datasets/import/detect-format';
import { useTempDir } from '../../../../../helpers/temp-dir';
import { npyBytes } from './numpy/npy-writer';

const noProgress = () => {};
/** 20 MiB of zeros: past the size below which ratios are not checked, and compressing about 1000:1. */
const ZEROS = 20 * 1024 * 1024;

/** A .npy header for `shape` (the writer writes as many values as it is given: none) followed by `dataBytes` zeros. */
function npyWithData(shape: number[], dataBytes: number): Buffer {
  return Buffer.concat([npyBytes({ descr: '<f4', shape, values: [] }), Buffer.alloc(dataBytes)]);
}

describe('compressed inputs share one set of inflation limits, checked before inflating', () => {
  const tempDir = useTempDir('hps-bombs-');

  it('refuses an .npz whose array would inflate a thousand-fold', async () => {
    const file = path.join(tempDir(), 'bomb.npz');
    fs.writeFileSync(file, zipSync({ 'x.npy': npyWithData([ZEROS / 4], ZEROS), 'y.npy': npyBytes({ descr: '<i8', shape: [2], values: [0, 1] }) }, { level: 9 }));
    expect(fs.statSync(file).size).toBeLessThan(64 * 1024);
    expect(detectFormat(file)).toBe('npz');
    await expect(readNpy(file, {}, noProgress)).rejects.toThrow(
      new RegExp(`^${file}: entry x\\.npy: \\d+\\.\\d KiB that would inflate to 20\\.0 MiB \\(\\d+:1, over the 100:1 limit for compressed input\\): a decompression bomb, not data; refused before inflating$`),
    );
  });

  it('refuses the same in a zip of images', async () => {
    const file = path.join(tempDir(), 'images.zip');
    fs.writeFileSync(file, zipSync({ 'cats/1.png': new Uint8Array(ZEROS), 'dogs/1.png': new Uint8Array(10) }, { level: 9 }));
    await expect(readImageZip(file, {}, noProgress)).rejects.toThrow(/images\.zip: entry cats\/1\.png: .* a decompression bomb, not data; refused before inflating$/);
  });

  it('refuses a gzipped IDX file whose header promises far more than it could hold, before allocating', async () => {
    const dir = tempDir();
    const header = Buffer.alloc(16);
    header.writeUInt32BE(0x803, 0);
    header.writeUInt32BE(10_000, 4);
    header.writeUInt32BE(64, 8);
    header.writeUInt32BE(64, 12);
    fs.writeFileSync(path.join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(Buffer.concat([header, Buffer.alloc(100)])));
    const labels = Buffer.alloc(8 + 10_000);
    labels.writeUInt32BE(0x801, 0);
    labels.writeUInt32BE(10_000, 4);
    fs.writeFileSync(path.join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(labels));
    await expect(readIdx(dir, {}, noProgress)).rejects.toThrow(/train-images-idx3-ubyte\.gz: 0\.\d KiB that would inflate to 39\.1 MiB \(\d+:1, over the 100:1 limit for compressed input\): a decompression bomb, not data; refused before inflating$/);
  });

  it('refuses a .npy whose shape needs more bytes than the file has, before allocating', async () => {
    const file = path.join(tempDir(), 'x.npy');
    fs.writeFileSync(file, npyWithData([100_000_000], 40));
    fs.writeFileSync(path.join(path.dirname(file), 'y.npy'), npyBytes({ descr: '<i8', shape: [2], values: [0, 1] }));
    await expect(readNpy(file, {}, noProgress)).rejects.toThrow(`${file}: truncated: shape (100000000) of <f4 needs 400000000 bytes of data, the file holds 40`);
  });
});

describe('files that are not what their name says', () => {
  const tempDir = useTempDir('hps-names-');

  it('names an empty zip, an .npz that is no zip and a .npy that is no array', () => {
    const dir = tempDir();
    const empty = path.join(dir, 'images.zip');
    fs.writeFileSync(empty, zipSync({}));
    expect(() => detectFormat(empty)).toThrow(`${empty}: an empty zip archive: it holds no files`);
    const text = path.join(dir, 'arrays.npz');
    fs.writeFileSync(text, 'x,y\n1,2\n');
    expect(() => detectFormat(text)).toThrow(`${text}: not an .npz archive: an .npz is a zip file (it starts with the bytes PK\\3\\4), this one holds text`);
    const binary = path.join(dir, 'arrays2.npz');
    fs.writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]));
    expect(() => detectFormat(binary)).toThrow(/arrays2\.npz: not an \.npz archive: .* this one starts with other binary content$/);
    const npy = path.join(dir, 'x.npy');
    fs.writeFileSync(npy, '1,2,3\n');
    expect(() => detectFormat(npy)).toThrow(`${npy}: not a .npy file (no \\x93NUMPY magic at its start)`);
  });
});
