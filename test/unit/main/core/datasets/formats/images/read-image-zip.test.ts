import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { readImageZip } from '../../../../../../../src/main/core/datasets/formats/images/read-image-zip';
import { gray, pngBytes } from './image-fixtures';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imgzip-'));
});
const noProgress = () => {};
const grayPng = (v: number) => pngBytes(3, 2, gray(() => v), 0);
const writeZip = (files: Zippable) => {
  const file = path.join(dir, 'images.zip');
  fs.writeFileSync(file, zipSync(files));
  return file;
};

describe('readImageZip', () => {
  it('reads class folders under a single top-level folder, skipping macOS litter', async () => {
    const zip = writeZip({
      'shapes/circle/a.png': grayPng(1),
      'shapes/circle/b.png': grayPng(2),
      'shapes/square/a.png': grayPng(3),
      'shapes/.DS_Store': new Uint8Array([1]),
      '__MACOSX/shapes/._circle': new Uint8Array([1]),
    });
    const ds = await readImageZip(zip, {}, noProgress);
    expect(ds.format).toBe('image-zip');
    expect(ds.classNames).toEqual(['circle', 'square']);
    expect(ds.inputShape).toEqual([2, 3, 1]);
    expect(Array.from(ds.y)).toEqual([0, 0, 1]);
    expect([ds.x[0], ds.x[6], ds.x[12]]).toEqual([1, 2, 3]);
    expect(ds.notes.join('\n')).toMatch(/skipped 2 file/);
  });

  it('uses train/ and test/ inside the zip as the shipped test split', async () => {
    const zip = writeZip({
      'train/a/1.png': grayPng(1),
      'train/b/1.png': grayPng(2),
      'test/a/1.png': grayPng(9),
      'test/b/1.png': grayPng(8),
    });
    const ds = await readImageZip(zip, {}, noProgress);
    expect(Array.from(ds.shippedTest!.y)).toEqual([0, 1]);
    expect(ds.shippedTest!.x[0]).toBe(9);
  });

  it('names an empty class folder inside the zip', async () => {
    const zip = writeZip({ 'a/1.png': grayPng(1), 'b/': {} });
    await expect(readImageZip(zip, {}, noProgress)).rejects.toThrow(/images\.zip\/b: class folder 'b' has no PNG or JPEG images/);
  });

  it('names a broken zip', async () => {
    const file = path.join(dir, 'images.zip');
    fs.writeFileSync(file, zipSync({ 'a/1.png': grayPng(1), 'b/1.png': grayPng(2) }).subarray(0, 100));
    await expect(readImageZip(file, {}, noProgress)).rejects.toThrow(/images\.zip: not a readable zip archive \(.+\)/);
  });

  it('names a corrupt image entry inside the zip', async () => {
    const broken = grayPng(2);
    broken.fill(7, 30);
    const zip = writeZip({ 'a/1.png': grayPng(1), 'b/1.png': broken });
    await expect(readImageZip(zip, {}, noProgress)).rejects.toThrow(/images\.zip:b\/1\.png: broken PNG: corrupt: .* fails its CRC check/);
  });
});
