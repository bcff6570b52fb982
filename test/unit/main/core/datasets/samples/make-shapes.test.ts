import { describe, expect, it } from 'vitest';
import { NEW_SHAPE_CLASSES, SHAPE_CLASSES, makeShapesImages } from '../../../../../../src/main/core/datasets/samples/make-shapes';
import { knnAccuracy } from './knn';

describe('makeShapesImages', () => {
  const data = makeShapesImages({ nPerClass: 100, size: 16, seed: 42 });

  it('is deterministic per seed', () => {
    const bytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    expect(bytes(makeShapesImages({ nPerClass: 100, seed: 42 }).x).equals(bytes(data.x))).toBe(true);
    expect(bytes(makeShapesImages({ nPerClass: 100, seed: 1 }).x).equals(bytes(data.x))).toBe(false);
  });

  it('makes N × 16 × 16 grayscale images in [0, 1], balanced over the four shapes', () => {
    expect(SHAPE_CLASSES).toEqual(['circle', 'square', 'triangle', 'cross']);
    expect(data.count).toBe(400);
    expect(data.x.length).toBe(400 * 256);
    expect(data.x.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect([0, 1, 2, 3].map((c) => data.y.filter((v) => v === c).length)).toEqual([100, 100, 100, 100]);
    // Shuffled, not in class blocks.
    expect(new Set(data.y.slice(0, 12)).size).toBeGreaterThan(1);
  });

  it('draws a visible shape on every image', () => {
    for (let i = 0; i < data.count; i++) {
      const ink = data.x.subarray(i * 256, (i + 1) * 256).filter((v) => v > 0.5).length;
      expect(ink).toBeGreaterThan(8);
    }
  });

  it('is learnable: even nearest neighbours on raw pixels beat chance (25%) by far', () => {
    const pixels = Array.from({ length: 256 }, (_, i) => i);
    expect(knnAccuracy(data.x, data.y, 256, pixels, 3)).toBeGreaterThan(0.55);
  });

  it('draws the other four shapes too (the transfer-learning set), learnable as well', () => {
    const other = makeShapesImages({ nPerClass: 100, seed: 43, classes: NEW_SHAPE_CLASSES });
    expect(NEW_SHAPE_CLASSES).toEqual(['ring', 'diamond', 'diagonal_cross', 'double_bar']);
    for (let i = 0; i < other.count; i++) expect(other.x.subarray(i * 256, (i + 1) * 256).filter((v) => v > 0.5).length).toBeGreaterThan(8);
    const pixels = Array.from({ length: 256 }, (_, i) => i);
    expect(knnAccuracy(other.x, other.y, 256, pixels, 3)).toBeGreaterThan(0.4);
  });
});
