import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../../../../src/main/core/datasets/import/detect-format';
import { useTempDir } from '../../../../../helpers/temp-dir';

describe('detectFormat', () => {
  const tempDir = useTempDir();
  const write = (dir: string, name: string, data: string | Buffer) => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, data);
    return file;
  };
  const idxHeader = Buffer.from([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3, 4]);

  it('reads content, not only names', () => {
    const d = tempDir();
    expect(detectFormat(write(d, 'data.txt', 'a,b,c\n1,2,3\n'))).toBe('csv');
    expect(detectFormat(write(d, 'weird-name.bin', idxHeader))).toBe('idx');
    expect(detectFormat(write(d, 'train-images-idx3-ubyte.gz', zlib.gzipSync(idxHeader)))).toBe('idx');
    expect(detectFormat(write(d, 'arr.dat', Buffer.concat([Buffer.from([0x93]), Buffer.from('NUMPY\x01\x00')])))).toBe('npy');
  });

  it('recognizes folder layouts', () => {
    const idx = tempDir();
    write(idx, 'train-images-idx3-ubyte', idxHeader);
    expect(detectFormat(idx)).toBe('idx');
    const images = tempDir();
    write(images, 'cat/1.png', 'x');
    write(images, 'dog/1.jpg', 'x');
    expect(detectFormat(images)).toBe('image-folder');
    const nested = tempDir();
    write(nested, 'train/cat/1.png', 'x');
    write(nested, 'test/cat/2.png', 'x');
    expect(detectFormat(nested)).toBe('image-folder');
    const oneCsv = tempDir();
    write(oneCsv, 'table.csv', 'a\n1\n');
    expect(detectFormat(oneCsv)).toBe('csv');
  });

  it('names the file and the reason for what it cannot read', () => {
    const d = tempDir();
    expect(() => detectFormat(path.join(d, 'missing.csv'))).toThrow(/missing\.csv: no such file/);
    expect(() => detectFormat(write(d, 'empty.csv', ''))).toThrow(/empty\.csv: file is empty/);
    expect(() => detectFormat(write(d, 'blob.bin', Buffer.from([1, 2, 0, 4, 5])))).toThrow(/blob\.bin: unsupported format/);
    expect(() => detectFormat(write(d, 'x.gz', zlib.gzipSync('hello')))).toThrow(/x\.gz: gzip-compressed file that is not an IDX/);
    const empty = tempDir();
    expect(() => detectFormat(empty)).toThrow(/no dataset recognized in this folder/);
  });
});
