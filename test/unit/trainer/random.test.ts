import { describe, expect, it } from 'vitest';
import { epochShuffle, mulberry32, shuffledIndices } from '../../../src/trainer/random';

describe('seeded randomness', () => {
  it('mulberry32 repeats for a seed and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });

  it('shuffles to a permutation, the same one per (seed, epoch), a different one per epoch', () => {
    const p = shuffledIndices(50, 3);
    expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(epochShuffle(50, 1, 2))).toEqual(Array.from(epochShuffle(50, 1, 2)));
    expect(Array.from(epochShuffle(50, 1, 2))).not.toEqual(Array.from(epochShuffle(50, 1, 3)));
    expect(Array.from(epochShuffle(50, 1, 2))).not.toEqual(Array.from(epochShuffle(50, 2, 1)));
  });
});
