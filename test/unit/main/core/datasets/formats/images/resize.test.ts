import { describe, expect, it } from 'vitest';
import { resizeInto } from '../../../../../../../src/main/core/datasets/formats/images/resize';

function resize(src: number[], sw: number, sh: number, dw: number, dh: number, channels = 1): number[] {
  const out = new Float32Array(dw * dh * channels);
  resizeInto(Float32Array.from(src), sw, sh, channels, out, 0, dw, dh);
  return Array.from(out);
}

describe('resizeInto', () => {
  it('keeps an image of the same size unchanged', () => {
    const src = Array.from({ length: 12 }, (_, i) => i * 3);
    expect(resize(src, 4, 3, 4, 3)).toEqual(src);
  });

  it('halves by averaging pixel pairs (bilinear with half-pixel centres)', () => {
    // 4×2 → 2×1: each output is the mean of a 2×2 block.
    expect(resize([0, 2, 10, 20, 4, 6, 30, 40], 4, 2, 2, 1)).toEqual([3, 25]);
  });

  it('averages whole areas when shrinking by more than 2×', () => {
    // 6×1 → 2×1 (3×): bilinear would blend two of the three pixels; area takes all three.
    expect(resize([0, 3, 6, 30, 60, 90], 6, 1, 2, 1)).toEqual([3, 60]);
    // Non-integer factor 5 → 2 (2.5×): the middle pixel is split between both outputs.
    const out = resize([10, 10, 20, 30, 30], 5, 1, 2, 1);
    expect(out[0]).toBeCloseTo((10 + 10 + 20 * 0.5) / 2.5, 5);
    expect(out[1]).toBeCloseTo((20 * 0.5 + 30 + 30) / 2.5, 5);
  });

  it('interpolates when enlarging and clamps at the edges', () => {
    // 2 → 4: centres at -0.25, 0.25, 0.75, 1.25 in source pixels.
    expect(resize([0, 100], 2, 1, 4, 1)).toEqual([0, 25, 75, 100]);
    expect(resize([7], 1, 1, 3, 2)).toEqual([7, 7, 7, 7, 7, 7]);
  });

  it('resizes interleaved channels independently', () => {
    expect(resize([0, 100, 2, 200], 2, 1, 1, 1, 2)).toEqual([1, 150]);
  });
});
