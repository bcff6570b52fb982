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

  it('computes the same statistics from a uint8 histogram as from the float values', () => {
    let seed = 7;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    // 1 channel (the four-table path) with a length that is not a multiple of 4, and 3 channels.
    for (const shape of [[3, 3, 1], [2, 3, 3], [5]]) {
      const row = shape.reduce((a, b) => a * b, 1);
      const rows = 37;
      const bytes = Uint8Array.from({ length: rows * row }, (_, i) => (i % 5 === 0 ? 0 : Math.floor(rand() * 256)));
      const fromHistogram = groupStats(bytes, shape);
      const fromFloats = groupStats(Float32Array.from(bytes), shape);
      expect(fromHistogram.min).toEqual(fromFloats.min);
      expect(fromHistogram.max).toEqual(fromFloats.max);
      fromFloats.mean.forEach((m, g) => expect(fromHistogram.mean[g]).toBeCloseTo(m, 9));
      fromFloats.std.forEach((s, g) => expect(fromHistogram.std[g]).toBeCloseTo(s, 9));
    }
    expect(groupStats(new Uint8Array(0), [2, 2, 1])).toEqual({ mean: [0], std: [0], min: [0], max: [0] });
  });

  it('keeps uint8 rows uint8 when gathering them', () => {
    const rows = takeRows(Uint8Array.from([0, 1, 2, 3, 250, 255]), 2, [2, 0]);
    expect(rows).toBeInstanceOf(Uint8Array);
    expect([...rows]).toEqual([250, 255, 0, 1]);
  });
});
