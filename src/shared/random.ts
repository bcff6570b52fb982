/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/**
 * mulberry32: tiny, fast, and good enough for everything seeded in the app (search suggestions,
 * sample data, shuffles, dropout seeds, test inputs). One copy, so a seed means the same stream
 * wherever it is used.
 */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [0, n). */
export const randInt = (rng: Rng, n: number): number => Math.floor(rng() * n);
