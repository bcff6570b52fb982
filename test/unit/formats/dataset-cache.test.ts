import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDatasetMeta, readSplit, readSplitRaw, type FeatureArray } from '../../../src/formats/dataset-cache';
import { writeDatasetCache } from '../../../src/main/core/datasets/cache-writer';
import { cacheWriter } from '../../../src/main/core/datasets/import/fault-injection';
import { prepareDataset } from '../../../src/main/core/datasets/prepare';
import { AppError } from '../../../src/shared/result';
import { useTempDir } from '../../helpers/temp-dir';

/** 40 images of 2×2×1: pixel values spanning 0..255, labels alternating 0/1. */
function images<T extends FeatureArray>(make: (n: number) => T): { x: T; y: Float32Array } {
  const x = make(40 * 4);
  for (let i = 0; i < x.length; i++) x[i] = (i * 37) % 256;
  return { x, y: Float32Array.from({ length: 40 }, (_, i) => i % 2) };
}

function prepare(x: FeatureArray, y: Float32Array) {
  return prepareDataset(
    { x, y, inputShape: [2, 2, 1] },
    { id: 'abcdef0123456789', name: 'px', kind: 'image', task: 'binary', featureNames: [], classNames: ['a', 'b'], source: '/src', splitSeed: 3 },
  );
}

describe('dataset cache format', () => {
  const tempDir = useTempDir();

  it('stores uint8 pixels as .x.u8 and reads them back as the same float32 values', () => {
    const dir = path.join(tempDir(), 'cache');
    const bytes = images((n) => new Uint8Array(n));
    const { meta, splits } = prepare(bytes.x, bytes.y);
    expect(meta.xDtype).toBe('uint8');
    writeDatasetCache(dir, meta, splits);
    expect(fs.readdirSync(dir).sort()).toEqual(['meta.json', 'test.x.u8', 'test.y.f32', 'train.x.u8', 'train.y.f32', 'val.x.u8', 'val.y.f32']);
    expect(fs.statSync(path.join(dir, 'train.x.u8')).size).toBe(meta.splits.train * 4);

    const stored = readDatasetMeta(dir);
    expect(stored.xDtype).toBe('uint8');
    for (const split of ['train', 'val', 'test'] as const) {
      const read = readSplit(dir, stored, split);
      expect(read.x).toBeInstanceOf(Float32Array);
      expect(Array.from(read.x)).toEqual(Array.from(splits[split].x));
      expect(Array.from(read.y)).toEqual(Array.from(splits[split].y));
      const raw = readSplitRaw(dir, stored, split);
      expect(raw.x).toBeInstanceOf(Uint8Array);
      expect(Array.from(raw.x)).toEqual(Array.from(splits[split].x));
    }
  });

  it('gives the same split, statistics and float values whether the pixels come as uint8 or float32', () => {
    const bytes = images((n) => new Uint8Array(n));
    const floats = images((n) => new Float32Array(n));
    const a = prepare(bytes.x, bytes.y);
    const b = prepare(floats.x, floats.y);
    expect(b.meta.xDtype).toBeUndefined();
    expect(a.meta.splits).toEqual(b.meta.splits);
    a.meta.normalization.mean.forEach((m, i) => expect(m).toBeCloseTo(b.meta.normalization.mean[i]!, 9));
    a.meta.normalization.std.forEach((s, i) => expect(s).toBeCloseTo(b.meta.normalization.std[i]!, 9));
    const dirA = path.join(tempDir(), 'u8');
    const dirB = path.join(tempDir(), 'f32');
    writeDatasetCache(dirA, a.meta, a.splits);
    writeDatasetCache(dirB, b.meta, b.splits);
    expect(fs.existsSync(path.join(dirB, 'train.x.f32'))).toBe(true);
    expect(Array.from(readSplit(dirA, a.meta, 'train').x)).toEqual(Array.from(readSplit(dirB, b.meta, 'train').x));
  });

  it('refuses features whose type disagrees with meta.xDtype, and a truncated uint8 file', () => {
    const bytes = images((n) => new Uint8Array(n));
    const { meta, splits } = prepare(bytes.x, bytes.y);
    const dir = path.join(tempDir(), 'cache');
    const asFloat = { ...splits, train: { x: Float32Array.from(splits.train.x), y: splits.train.y } };
    expect(() => writeDatasetCache(dir, meta, asFloat)).toThrow(/train features are Float32Array but meta.xDtype says uint8/);
    expect(fs.existsSync(dir)).toBe(false);
    writeDatasetCache(dir, meta, splits);
    fs.truncateSync(path.join(dir, 'val.x.u8'), 3);
    expect(() => readSplit(dir, meta, 'val')).toThrow(/val\.x\.u8: expected \d+ uint8 values, found 3/);
  });

  it.runIf(process.platform === 'linux')('on a full disk says "disk full at <dir>" and leaves no partial cache', () => {
    const root = tempDir();
    const dir = path.join(root, 'cache');
    const bytes = images((n) => new Uint8Array(n));
    const { meta, splits } = prepare(bytes.x, bytes.y);
    // /dev/full answers every write with the kernel's own ENOSPC, as a full disk does.
    const full = (file: string, data: Uint8Array) => {
      fs.writeFileSync(file, new Uint8Array(0));
      fs.writeFileSync('/dev/full', data);
    };
    let caught: unknown;
    try {
      writeDatasetCache(dir, meta, splits, full);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('disk_full');
    expect((caught as AppError).message).toBe(`disk full at ${dir}: the dataset cache of px did not fit; nothing was kept (free some space, or choose another folder)`);
    expect(fs.readdirSync(root)).toEqual([]);
    // The test hook the CLI and server tests use goes through the same device.
    expect(() => writeDatasetCache(dir, meta, splits, cacheWriter({ HPS_IMPORT_FAULT: 'disk-full' }))).toThrow(/^disk full at /);
    expect(() => cacheWriter({ HPS_IMPORT_FAULT: 'flood' })).toThrow(/unknown fault 'flood'/);
  });
});
