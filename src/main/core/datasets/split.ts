import type { Task } from '../../../shared/domain/hparams';
import { AppError } from '../../../shared/result';
import { hashInts, mulberry32, shuffleInPlace } from '../search/prng';

export interface SplitIndices {
  train: number[];
  val: number[];
  test: number[];
}

export type SplitFractions = readonly [train: number, val: number, test: number];
export const DEFAULT_FRACTIONS: SplitFractions = [0.7, 0.15, 0.15];

function checkFractions(fractions: SplitFractions): void {
  const sum = fractions[0] + fractions[1] + fractions[2];
  if (fractions.some((f) => !(f >= 0)) || Math.abs(sum - 1) > 1e-6 || fractions[0] === 0) {
    throw new AppError('invalid_input', `split fractions ${fractions.join('/')}: must be ≥ 0, with train > 0, and add up to 1`);
  }
}

/** Cuts one shuffled group into train/val/test, rounding val and test and giving the rest to train. */
function cut(indices: number[], fractions: SplitFractions, out: SplitIndices): void {
  const nVal = Math.round(indices.length * fractions[1]);
  const nTest = Math.min(indices.length - nVal, Math.round(indices.length * fractions[2]));
  const nTrain = indices.length - nVal - nTest;
  // Plain loops: spreading a slice into push() overflows the call stack past ~10^5 rows.
  for (let i = 0; i < indices.length; i++) {
    const target = i < nTrain ? out.train : i < nTrain + nVal ? out.val : out.test;
    target.push(indices[i]!);
  }
}

/**
 * Seeded train/val/test split of row indices. Classification splits are stratified (each class cut
 * in the same proportions) so a small validation set still sees every class in its share.
 */
export function splitDataset(y: ArrayLike<number>, task: Task, fractions: SplitFractions = DEFAULT_FRACTIONS, seed = 0): SplitIndices {
  checkFractions(fractions);
  const rng = mulberry32(hashInts(seed, 0x5b17));
  const out: SplitIndices = { train: [], val: [], test: [] };
  if (task === 'regression') {
    cut(shuffleInPlace(Array.from({ length: y.length }, (_, i) => i), rng), fractions, out);
  } else {
    const byClass = new Map<number, number[]>();
    for (let i = 0; i < y.length; i++) {
      const label = y[i]!;
      const group = byClass.get(label);
      if (group) group.push(i);
      else byClass.set(label, [i]);
    }
    for (const label of [...byClass.keys()].sort((a, b) => a - b)) cut(shuffleInPlace(byClass.get(label)!, rng), fractions, out);
  }
  // Interleave classes so a split never reads as long runs of one label.
  shuffleInPlace(out.train, rng);
  shuffleInPlace(out.val, rng);
  shuffleInPlace(out.test, rng);
  return out;
}
