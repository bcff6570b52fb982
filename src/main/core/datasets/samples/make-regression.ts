import { hashInts, mulberry32, normalSource } from '../../search/prng';
import type { TabularSample } from './make-classification';

export interface RegressionOptions {
  nSamples?: number;
  nFeatures?: number;
  nInformative?: number;
  noise?: number;
  seed?: number;
}

/**
 * y = w·x over the informative features + a smooth nonlinearity (sin of x0, x1·x2 interaction) +
 * Gaussian noise. Kept on a scale of a few units so MSE-trained nets need no target scaling, and with
 * enough nonlinearity that hidden layers beat a linear model.
 */
export function makeRegression(options: RegressionOptions = {}): TabularSample {
  const { nSamples = 1000, nFeatures = 8, nInformative = 5, noise = 0.3, seed = 0 } = options;
  const rng = mulberry32(hashInts(seed, 0x7e9));
  const normal = normalSource(rng);
  const weights = Array.from({ length: Math.min(nInformative, nFeatures) }, () => 2 * rng() - 1);
  const x = new Float32Array(nSamples * nFeatures);
  const y = new Float32Array(nSamples);
  for (let r = 0; r < nSamples; r++) {
    const row = Array.from({ length: nFeatures }, normal);
    let target = 0;
    weights.forEach((w, j) => (target += w * row[j]!));
    target += 1.5 * Math.sin(1.5 * (row[0] ?? 0)) + 0.8 * (row[1] ?? 0) * (row[2] ?? 0);
    y[r] = target + noise * normal();
    x.set(row, r * nFeatures);
  }
  return { x, y, nSamples, nFeatures };
}
