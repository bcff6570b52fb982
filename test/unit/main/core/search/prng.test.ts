import { describe, expect, it } from 'vitest';
import { hashInts, mulberry32, normalSource, shuffleInPlace } from '../../../../../src/main/core/search/prng';

describe('prng', () => {
  it('pins the mulberry32 sequence so stored studies replay across versions', () => {
    const rng = mulberry32(1);
    const first = [rng(), rng(), rng()];
    expect(first.map((v) => v.toFixed(10))).toEqual(['0.6270739406', '0.0027357212', '0.5274470400']);
  });

  it('gives uniform numbers in [0, 1) with mean near 1/2', () => {
    const rng = mulberry32(hashInts(5));
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      const v = rng();
      expect(v >= 0 && v < 1).toBe(true);
      sum += v;
    }
    expect(sum / 10_000).toBeCloseTo(0.5, 1);
  });

  it('hashes order-sensitively', () => {
    expect(hashInts(1, 2)).not.toBe(hashInts(2, 1));
    expect(hashInts(1, 2)).toBe(hashInts(1, 2));
  });

  it('draws standard normals', () => {
    const normal = normalSource(mulberry32(3));
    const xs = Array.from({ length: 20_000 }, normal);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('shuffles to a permutation', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = shuffleInPlace([...items], mulberry32(8));
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
  });
});
