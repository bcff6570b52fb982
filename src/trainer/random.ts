/**
 * Seeded randomness owned by the trainer. Everything random in a trial (shuffle order, dropout masks)
 * derives from `config.seed` and the epoch/step through these functions, never from a running stream,
 * so a run resumed at epoch n+1 draws exactly what the uninterrupted run drew.
 */

import { mulberry32 } from '../shared/random';

export { mulberry32 };

/** Mixes several integers into one 32-bit seed (so seed+epoch and seed+step streams don't collide). */
export function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x01000193) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0;
  }
  return h >>> 0;
}

/** Fisher–Yates permutation of 0..n-1 for one epoch. */
export function shuffledIndices(n: number, seed: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  const rand = mulberry32(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const tmp = out[i]!;
    out[i] = out[j]!;
    out[j] = tmp;
  }
  return out;
}

/** The shuffle order of epoch `epoch` (1-based) of a trial seeded with `seed`. */
export const epochShuffle = (n: number, seed: number, epoch: number): Int32Array => shuffledIndices(n, mixSeed(seed, epoch));
