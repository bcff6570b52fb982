import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readImageFolder } from '../../../../../../../src/main/core/datasets/formats/images/read-image-folder';
import type { ImportProgress } from '../../../../../../../src/main/core/datasets/import/types';
import { gray, jpegBytes, pngBytes } from './image-fixtures';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imgs-'));
});
const put = (rel: string, data: Buffer | string) => {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
};
const noProgress = () => {};
/** A 4×3 gray image whose pixel (x, y) is base + x + 4y. */
const grayPng = (base: number) => pngBytes(4, 3, gray((x, y) => base + x + 4 * y), 0);

describe('readImageFolder', () => {
  it('reads one folder per class as grayscale, sorted classes, raw pixel values, progress in files', async () => {
    put('dog/b.png', grayPng(100));
    put('dog/a.png', grayPng(50));
    put('cat/1.png', grayPng(0));
    put('bird/x.PNG', grayPng(200));
    const progress: ImportProgress[] = [];
    const ds = await readImageFolder(dir, {}, (p) => progress.push(p));
    expect(ds.format).toBe('image-folder');
    expect(ds.classNames).toEqual(['bird', 'cat', 'dog']);
    expect(ds.task).toBe('multiclass');
    expect(ds.inputShape).toEqual([3, 4, 1]);
    expect(Array.from(ds.y)).toEqual([0, 1, 2, 2]);
    // Files sorted within a class: dog/a.png (base 50) before dog/b.png (base 100).
    expect(Array.from(ds.x.slice(24, 36))).toEqual(Array.from({ length: 12 }, (_, i) => 50 + i));
    expect(ds.x[12 * 3 + 5]).toBe(105);
    expect(ds.notes.join('\n')).toMatch(/grayscale: every image is gray/);
    expect(progress.at(-1)).toEqual({ phase: 'reading', done: 4, total: 4, unit: 'files' });
  });

  it('switches to RGB when any image has colour, keeping earlier gray images exact', async () => {
    put('a/gray.png', grayPng(10));
    put('b/red.png', pngBytes(4, 3, () => [255, 0, 0]));
    const ds = await readImageFolder(dir, {}, noProgress);
    expect(ds.task).toBe('binary');
    expect(ds.inputShape).toEqual([3, 4, 3]);
    expect(Array.from(ds.x.slice(0, 6))).toEqual([10, 10, 10, 11, 11, 11]);
    expect(Array.from(ds.x.slice(36, 39))).toEqual([255, 0, 0]);
    expect(ds.notes.join('\n')).toMatch(/rgb: .*red\.png has colour/);
  });

  it('converts colour to grayscale luma when asked, and gray to RGB when asked', async () => {
    put('a/red.png', pngBytes(2, 2, () => [255, 0, 0]));
    put('b/blue.png', pngBytes(2, 2, () => [0, 0, 255]));
    const g = await readImageFolder(dir, { color: 'grayscale' }, noProgress);
    expect(g.inputShape).toEqual([2, 2, 1]);
    // Stored as uint8: the luma rounded, as PIL's convert('L') does.
    expect(g.x).toBeInstanceOf(Uint8Array);
    expect(g.x[0]).toBe(Math.round(0.299 * 255));
    expect(g.x[4]).toBe(Math.round(0.114 * 255));
    fs.rmSync(dir, { recursive: true });
    put('a/g.png', grayPng(1));
    put('b/g.png', grayPng(2));
    const rgb = await readImageFolder(dir, { color: 'rgb' }, noProgress);
    expect(rgb.inputShape).toEqual([3, 4, 3]);
    expect(Array.from(rgb.x.slice(0, 3))).toEqual([1, 1, 1]);
  });

  it('resizes every image to the requested size, and caps the default at 64', async () => {
    put('a/big.png', pngBytes(128, 96, gray((x) => (x < 64 ? 0 : 200)), 0));
    put('b/small.png', grayPng(0));
    const ds = await readImageFolder(dir, {}, noProgress);
    expect(ds.inputShape).toEqual([48, 64, 1]);
    expect(ds.x[0]).toBe(0);
    expect(ds.x[63]).toBe(200);
    const sized = await readImageFolder(dir, { imageSize: [6, 8] }, noProgress);
    expect(sized.inputShape).toEqual([6, 8, 1]);
    expect(sized.x.length).toBe(2 * 48);
    await expect(readImageFolder(dir, { imageSize: [0, 8] }, noProgress)).rejects.toThrow(/imageSize: 0×8/);
  });

  it('decodes JPEGs, detected by content whatever the extension', async () => {
    put('a/one.jpg', jpegBytes(8, 8, gray(() => 120)));
    put('b/two.png', jpegBytes(8, 8, gray(() => 30)));
    const ds = await readImageFolder(dir, {}, noProgress);
    expect(ds.inputShape).toEqual([8, 8, 1]);
    expect(Math.abs(ds.x[0]! - 120)).toBeLessThanOrEqual(2);
    expect(Math.abs(ds.x[64]! - 30)).toBeLessThanOrEqual(2);
  });

  it('uses train/ and test/ folders as the shipped test split', async () => {
    put('train/cat/1.png', grayPng(0));
    put('train/dog/1.png', grayPng(10));
    put('train/dog/2.png', grayPng(20));
    put('test/dog/9.png', grayPng(90));
    const ds = await readImageFolder(dir, {}, noProgress);
    expect(ds.classNames).toEqual(['cat', 'dog']);
    expect(Array.from(ds.y)).toEqual([0, 1, 1]);
    expect(Array.from(ds.shippedTest!.y)).toEqual([1]);
    expect(ds.shippedTest!.x[0]).toBe(90);
    put('test/fox/1.png', grayPng(0));
    await expect(readImageFolder(dir, {}, noProgress)).rejects.toThrow(/test class folder 'fox' has no counterpart/);
  });

  it('skips non-image files and counts them in the notes', async () => {
    put('a/1.png', grayPng(0));
    put('a/.DS_Store', 'junk');
    put('b/1.png', grayPng(0));
    put('b/notes.txt', 'hello');
    put('README.md', '# data');
    const ds = await readImageFolder(dir, {}, noProgress);
    expect(ds.y.length).toBe(2);
    expect(ds.notes.join('\n')).toMatch(/skipped 3 file\(s\) that are not PNG\/JPEG images/);
  });

  it('names a corrupt PNG and what is wrong with it, not the library text', async () => {
    put('a/ok.png', grayPng(0));
    const broken = grayPng(0);
    broken.fill(0, 40);
    put('b/bad.png', broken);
    await expect(readImageFolder(dir, {}, noProgress)).rejects.toThrow(`${path.join(dir, 'b', 'bad.png')}: broken PNG: corrupt: no valid chunk at byte 33 (a length or an earlier chunk is damaged)`);
    put('b/bad.png', grayPng(0).subarray(0, 50));
    await expect(readImageFolder(dir, {}, noProgress)).rejects.toThrow(/bad\.png: broken PNG: truncated: it ends inside its IDAT chunk/);
  });

  it('names a corrupt JPEG and a file that is no image at all', async () => {
    put('a/ok.png', grayPng(0));
    const jpg = jpegBytes(8, 8, gray(() => 1));
    put('b/bad.jpg', jpg.subarray(0, 200));
    await expect(readImageFolder(dir, {}, noProgress)).rejects.toThrow(/bad\.jpg: broken JPEG: truncated: it ends inside a segment that starts at byte \d+/);
    put('b/bad.jpg', 'not an image');
    await expect(readImageFolder(dir, {}, noProgress)).rejects.toThrow(/bad\.jpg: broken JPEG \(its content is neither PNG nor JPEG\)/);
  });

  it('refuses absurd dimensions before decoding', async () => {
    put('a/ok.png', grayPng(0));
    const huge = grayPng(0);
    huge.writeUInt32BE(20000, 16);
    put('b/huge.png', huge);
    await expect(readImageFolder(dir, {}, noProgress)).rejects.toThrow(/huge\.png: absurd image size 20000×3/);
    fs.rmSync(path.join(dir, 'b', 'huge.png'));
    const jpg = jpegBytes(8, 8, gray(() => 1));
    const sof = jpg.indexOf(Buffer.from([0xff, 0xc0]));
    jpg.writeUInt16BE(12000, sof + 5); // height
    jpg.writeUInt16BE(9000, sof + 7); // width: 108 MP in all
    put('b/huge.jpg', jpg);
    await expect(readImageFolder(dir, {}, noProgress)).rejects.toThrow(/huge\.jpg: absurd image size 9000×12000/);
  });

  it('names an empty class folder, and refuses no or one class folder', async () => {
    await expect(readImageFolder(dir, {}, noProgress)).rejects.toThrow(/no class folders/);
    put('cat/1.png', grayPng(0));
    await expect(readImageFolder(dir, {}, noProgress)).rejects.toThrow(/only one class folder \('cat'\)/);
    fs.mkdirSync(path.join(dir, 'dog'));
    put('dog/readme.txt', 'no images here');
    await expect(readImageFolder(dir, {}, noProgress)).rejects.toThrow(/dog: class folder 'dog' has no PNG or JPEG images/);
  });
});
