import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDatasetMeta, readSplit } from '../../../../../../src/formats/dataset-cache';
import { SAMPLE_NAMES, ensureSample } from '../../../../../../src/main/core/datasets/samples';
import { groupStats } from '../../../../../../src/main/core/datasets/stats';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hps-samples-'));

describe('ensureSample', () => {
  it('lists the four built-in samples', () => {
    expect(SAMPLE_NAMES).toEqual(['binary-1000x10', 'shapes-16', 'regression-1000x8', 'new-shapes-16']);
  });

  it('makes the small fine-tuning set: four other shapes, 60 training images, on the scale of shapes-16', () => {
    const dir = tempDir();
    const { meta } = ensureSample('new-shapes-16', dir);
    const base = ensureSample('shapes-16', dir).meta;
    expect(meta).toMatchObject({ kind: 'image', task: 'multiclass', inputShape: base.inputShape, classNames: ['ring', 'diamond', 'diagonal_cross', 'double_bar'] });
    expect(meta.splits).toEqual({ train: 60, val: 180, test: 160 });
    expect(Math.max(...meta.stats!.max)).toBeLessThanOrEqual(1);
    expect(Math.max(...base.stats!.max)).toBeLessThanOrEqual(1);
  });

  it('writes the binary sample once under its content id and reuses it', () => {
    const dir = tempDir();
    const first = ensureSample('binary-1000x10', dir);
    expect(first.meta.id).toMatch(/^[0-9a-f]{64}$/);
    expect(first.cacheDir).toBe(path.join(dir, first.meta.id));
    expect(first.meta).toMatchObject({ name: 'sample:binary-1000x10', kind: 'tabular', task: 'binary', inputShape: [10], classNames: ['0', '1'], splits: { train: 700, val: 150, test: 150 } });
    const metaFile = path.join(first.cacheDir, 'meta.json');
    const before = fs.statSync(metaFile).mtimeMs;
    const stamp = new Date(Date.now() - 60_000);
    fs.utimesSync(metaFile, stamp, stamp);

    const second = ensureSample('binary-1000x10', dir);
    expect(second.meta).toEqual(first.meta);
    expect(Math.abs(fs.statSync(metaFile).mtimeMs - stamp.getTime())).toBeLessThan(2);
    expect(before - stamp.getTime()).toBeGreaterThan(50_000);
    expect(fs.readdirSync(dir)).toEqual([first.meta.id]);
  });

  it('gives the same id in another directory (same bytes everywhere)', () => {
    expect(ensureSample('binary-1000x10', tempDir()).meta.id).toBe(ensureSample('binary-1000x10', tempDir()).meta.id);
  });

  it('regenerates over a damaged cache', () => {
    const dir = tempDir();
    const { cacheDir, meta } = ensureSample('regression-1000x8', dir);
    fs.writeFileSync(path.join(cacheDir, 'meta.json'), '{ broken');
    const again = ensureSample('regression-1000x8', dir);
    expect(again.meta.id).toBe(meta.id);
    expect(readDatasetMeta(cacheDir).id).toBe(meta.id);
  });

  it('writes readable splits whose normalization comes from the training split', () => {
    const { meta, cacheDir } = ensureSample('regression-1000x8', tempDir());
    expect(meta).toMatchObject({ task: 'regression', inputShape: [8], classNames: [] });
    const train = readSplit(cacheDir, meta, 'train');
    const stats = groupStats(train.x, meta.inputShape);
    expect(meta.normalization.mean).toEqual(stats.mean);
    expect(meta.normalization.std).toEqual(stats.std);
    expect(readSplit(cacheDir, meta, 'test').count).toBe(150);
  });

  it('writes the shapes sample as 16×16×1 images with per-channel normalization and stratified class counts', () => {
    const { meta, cacheDir } = ensureSample('shapes-16', tempDir());
    expect(meta).toMatchObject({ kind: 'image', task: 'multiclass', inputShape: [16, 16, 1], classNames: ['circle', 'square', 'triangle', 'cross'] });
    expect(meta.normalization.mean).toHaveLength(1);
    expect(meta.classCounts).toEqual({ train: [140, 140, 140, 140], val: [30, 30, 30, 30], test: [30, 30, 30, 30] });
    expect(readSplit(cacheDir, meta, 'val').x.length).toBe(120 * 256);
  });

  it('refuses an unknown sample name', () => {
    expect(() => ensureSample('iris' as never, tempDir())).toThrow(/sample "iris": unknown built-in sample/);
  });
});
