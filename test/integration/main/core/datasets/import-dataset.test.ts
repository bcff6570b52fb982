import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readSplit } from '../../../../../src/formats/dataset-cache';
import { importDataset } from '../../../../../src/main/core/datasets/import/import-dataset';
import type { ImportProgress } from '../../../../../src/main/core/datasets/import/types';
import { datasetPreview } from '../../../../../src/main/core/datasets/preview';
import { Store } from '../../../../../src/main/core/store/store';
import { gray, pngBytes } from '../../../../unit/main/core/datasets/formats/images/image-fixtures';
import { npyBytes } from '../../../../unit/main/core/datasets/formats/numpy/npy-writer';
import { useTempDir } from '../../../../helpers/temp-dir';

/** IDX bytes: images whose every pixel is 10 × label (so statistics are predictable), and labels. */
function idxPair(labels: number[], size = 4): { images: Buffer; labels: Buffer } {
  const header = (magic: number, dims: number[]) => {
    const b = Buffer.alloc(4 + 4 * dims.length);
    b.writeUInt32BE(magic, 0);
    dims.forEach((d, i) => b.writeUInt32BE(d, 4 + 4 * i));
    return b;
  };
  const pixels = Buffer.concat(labels.map((l) => Buffer.alloc(size * size, l * 10)));
  return { images: Buffer.concat([header(0x803, [labels.length, size, size]), pixels]), labels: Buffer.concat([header(0x801, [labels.length]), Buffer.from(labels)]) };
}

describe('importDataset (format → split → cache → store)', () => {
  const tempDir = useTempDir();

  function setup() {
    const root = tempDir();
    const store = Store.open(path.join(root, 'studies.db'));
    return { root, store, datasetsDir: path.join(root, 'datasets') };
  }

  it('imports an IDX pair with a shipped test split, once per content', async () => {
    const { root, store, datasetsDir } = setup();
    try {
      const src = path.join(root, 'mnist');
      fs.mkdirSync(src);
      const train = idxPair(Array.from({ length: 200 }, (_, i) => i % 4));
      const test = idxPair(Array.from({ length: 40 }, (_, i) => i % 4));
      fs.writeFileSync(path.join(src, 'train-images-idx3-ubyte.gz'), zlib.gzipSync(train.images));
      fs.writeFileSync(path.join(src, 'train-labels-idx1-ubyte.gz'), zlib.gzipSync(train.labels));
      fs.writeFileSync(path.join(src, 't10k-images-idx3-ubyte'), test.images);
      fs.writeFileSync(path.join(src, 't10k-labels-idx1-ubyte'), test.labels);

      const progress: ImportProgress[] = [];
      const r = await importDataset(store, datasetsDir, { source: src, split: [0.8, 0.2, 0] }, (p) => progress.push(p));
      expect(r.created).toBe(true);
      const { meta, cacheDir } = r.dataset;
      expect(meta).toMatchObject({ name: 'mnist', kind: 'image', task: 'multiclass', inputShape: [4, 4, 1], classNames: ['0', '1', '2', '3'], shippedTest: true, format: 'idx' });
      expect(meta.splits).toEqual({ train: 160, val: 40, test: 40 });
      // Stratified: every class keeps its share in train and val.
      expect(meta.classCounts).toEqual({ train: [40, 40, 40, 40], val: [10, 10, 10, 10], test: [10, 10, 10, 10] });
      // Normalization from the training split only: pixel values 0, 10, 20, 30 in equal numbers.
      expect(meta.normalization.mean[0]).toBeCloseTo(15, 5);
      const testSplit = readSplit(cacheDir, meta, 'test');
      expect(Array.from(testSplit.y.slice(0, 4))).toEqual([0, 1, 2, 3]);
      // Cached as uint8, read back as float32 with the raw pixel values (10 × label).
      expect(meta.xDtype).toBe('uint8');
      expect(testSplit.x).toBeInstanceOf(Float32Array);
      expect(Array.from(testSplit.x.slice(16, 20))).toEqual([10, 10, 10, 10]);
      expect(progress.at(-1)).toMatchObject({ phase: 'writing', done: 1, total: 1 });
      expect(store.getDataset('mnist')?.meta.id).toBe(meta.id);

      const again = await importDataset(store, datasetsDir, { source: src, split: [0.8, 0.2, 0], name: 'other-name' });
      expect(again.created).toBe(false);
      expect(again.dataset.meta.id).toBe(meta.id);
      expect(store.listDatasets()).toHaveLength(1);
    } finally {
      store.close();
    }
  });

  it('imports an image folder and previews a grid per class', async () => {
    const { root, store, datasetsDir } = setup();
    try {
      const src = path.join(root, 'shapes');
      for (const [cls, value] of [['dark', 20], ['light', 230]] as const) {
        fs.mkdirSync(path.join(src, cls), { recursive: true });
        for (let i = 0; i < 20; i++) fs.writeFileSync(path.join(src, cls, `${i}.png`), pngBytes(8, 8, gray(() => value + (i % 3))));
      }
      const { dataset } = await importDataset(store, datasetsDir, { source: src });
      expect(dataset.meta).toMatchObject({ task: 'binary', inputShape: [8, 8, 1], classNames: ['dark', 'light'] });
      const preview = datasetPreview(dataset, { perClass: 3 });
      expect(preview.imageGrid.map((g) => [g.className, g.images.length])).toEqual([['dark', 3], ['light', 3]]);
      expect(preview.imageGrid[0]!.images[0]![0]).toBeLessThan(30);
      expect(preview.imageGrid[1]!.images[0]![0]).toBeGreaterThan(200);
    } finally {
      store.close();
    }
  });

  it('imports NumPy arrays as a regression dataset', async () => {
    const { root, store, datasetsDir } = setup();
    try {
      const src = path.join(root, 'arrays');
      fs.mkdirSync(src);
      const n = 100;
      const x = Array.from({ length: n * 3 }, (_, i) => (i % 7) / 7);
      const y = Array.from({ length: n }, (_, i) => x[i * 3]! * 2 + 0.5 + i * 1e-3);
      fs.writeFileSync(path.join(src, 'X.npy'), npyBytes({ descr: '<f8', shape: [n, 3], values: x }));
      fs.writeFileSync(path.join(src, 'y.npy'), npyBytes({ descr: '<f4', shape: [n], values: y }));
      const { dataset } = await importDataset(store, datasetsDir, { source: src });
      expect(dataset.meta).toMatchObject({ task: 'regression', inputShape: [3], classNames: [] });
      expect(dataset.meta.splits.train + dataset.meta.splits.val + dataset.meta.splits.test).toBe(n);
    } finally {
      store.close();
    }
  });

  it('leaves nothing behind when the input is bad', async () => {
    const { root, store, datasetsDir } = setup();
    try {
      const src = path.join(root, 'broken');
      fs.mkdirSync(src);
      const pair = idxPair([0, 1, 2, 3]);
      fs.writeFileSync(path.join(src, 'train-images-idx3-ubyte'), pair.images);
      fs.writeFileSync(path.join(src, 'train-labels-idx1-ubyte'), idxPair([0, 1, 2]).labels);
      await expect(importDataset(store, datasetsDir, { source: src })).rejects.toThrow(/train-(images|labels).*(4|3)/);
      expect(store.listDatasets()).toEqual([]);
      expect(fs.existsSync(datasetsDir) ? fs.readdirSync(datasetsDir) : []).toEqual([]);

      const single = path.join(root, 'single');
      for (let i = 0; i < 3; i++) {
        fs.mkdirSync(path.join(single, 'only'), { recursive: true });
        fs.writeFileSync(path.join(single, 'only', `${i}.png`), pngBytes(4, 4, gray(() => 9)));
      }
      await expect(importDataset(store, datasetsDir, { source: single })).rejects.toThrow(/single class|at least two/i);
      expect(store.listDatasets()).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('refuses a name another dataset holds', async () => {
    const { root, store, datasetsDir } = setup();
    try {
      const write = (dir: string, labels: number[]) => {
        fs.mkdirSync(dir);
        const p = idxPair(labels);
        fs.writeFileSync(path.join(dir, 'train-images-idx3-ubyte'), p.images);
        fs.writeFileSync(path.join(dir, 'train-labels-idx1-ubyte'), p.labels);
      };
      write(path.join(root, 'a'), Array.from({ length: 40 }, (_, i) => i % 2));
      write(path.join(root, 'b'), Array.from({ length: 40 }, (_, i) => (i + 1) % 2));
      await importDataset(store, datasetsDir, { source: path.join(root, 'a'), name: 'digits' });
      await expect(importDataset(store, datasetsDir, { source: path.join(root, 'b'), name: 'digits' })).rejects.toThrow(/name 'digits' is taken/);
      expect(store.listDatasets()).toHaveLength(1);
    } finally {
      store.close();
    }
  });
});
