import { describe, expect, it } from 'vitest';
import { classCounts, groupStats, normalizationFrom, takeRows } from '../../../../../src/main/core/datasets/stats';

describe('stats', () => {
  it('computes per-feature stats for tabular rows', () => {
    // Two features: [1, 10], [3, 10], [5, 10].
    const stats = groupStats(Float32Array.from([1, 10, 3, 10, 5, 10]), [2]);
    expect(stats.mean).toEqual([3, 10]);
    expect(stats.std[0]).toBeCloseTo(Math.sqrt(8 / 3), 10);
    expect(stats.std[1]).toBe(0);
    expect(stats.min).toEqual([1, 10]);
    expect(stats.max).toEqual([5, 10]);
    // A constant feature normalizes with std 1 instead of dividing by zero.
    expect(normalizationFrom(stats).std).toEqual([stats.std[0], 1]);
  });

  it('computes per-channel stats for images', () => {
    // One 1×2 image with 2 channels: pixels (0, 100) and (2, 200).
    const stats = groupStats(Float32Array.from([0, 100, 2, 200]), [1, 2, 2]);
    expect(stats.mean).toEqual([1, 150]);
    expect(stats.std).toEqual([1, 50]);
  });

  it('gathers rows and counts classes', () => {
    expect([...takeRows(Float32Array.from([0, 1, 2, 3, 4, 5]), 2, [2, 0])]).toEqual([4, 5, 0, 1]);
    expect(classCounts(Float32Array.from([0, 2, 2, 1, 2]), 4)).toEqual([1, 1, 3, 0]);
  });
});
