import { hashInts } from './prng';

/**
 * Seed for trial `trialNumber` of a study: decorrelated from neighbouring trials and studies, and a
 * non-negative 31-bit int so every backend and SQLite INTEGER column takes it as is.
 */
export function trialSeed(studySeed: number, trialNumber: number): number {
  return hashInts(studySeed, trialNumber, 0x7e1a1) & 0x7fffffff;
}
