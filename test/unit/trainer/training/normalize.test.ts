import { describe, expect, it } from 'vitest';
import { normalizeInPlace } from '../../../../src/trainer/training/normalize';

describe('normalizeInPlace', () => {
  it('standardizes per feature, treating std 0 as 1', () => {
    const x = Float32Array.from([10, 5, 7, 20, 5, 9]); // 2 rows × 3 features
    normalizeInPlace(x, { mean: [15, 5, 8], std: [5, 0, 1] }, 3);
    expect(Array.from(x)).toEqual([-1, 0, -1, 1, 0, 1]);
  });

  it('standardizes per channel for HWC images', () => {
    const x = Float32Array.from([1, 10, 3, 30]); // one 1×2 image with 2 channels
    normalizeInPlace(x, { mean: [2, 20], std: [1, 10] }, 4);
    expect(Array.from(x)).toEqual([-1, -1, 1, 1]);
  });

  it('leaves data alone without statistics and refuses statistics that do not fit', () => {
    expect(Array.from(normalizeInPlace(Float32Array.from([3, 4]), { mean: [], std: [] }, 2))).toEqual([3, 4]);
    expect(() => normalizeInPlace(new Float32Array(6), { mean: [0, 0, 0, 0], std: [1, 1, 1, 1] }, 6)).toThrow(/4 means and 4 stds do not fit rows of 6/);
  });
});
