import { AppError } from '../../../../shared/result';
import { hashInts, mulberry32, normalSource, shuffleInPlace } from '../../search/prng';

export interface ClassificationOptions {
  nSamples?: number;
  nFeatures?: number;
  nInformative?: number;
  nRedundant?: number;
  nClasses?: number;
  nClustersPerClass?: number;
  classSep?: number;
  flipY?: number;
  seed?: number;
}

export interface TabularSample {
  /** Row-major nSamples × nFeatures. */
  x: Float32Array;
  /** Class index per row. */
  y: Float32Array;
  nSamples: number;
  nFeatures: number;
}

/**
 * In the spirit of scikit-learn's make_classification: each class is a few Gaussian clusters centred
 * on vertices of a hypercube of side 2·classSep in the informative subspace, each cluster given a
 * random covariance; redundant features are random linear combinations of the informative ones; the
 * remaining features are pure noise; a fraction flipY of labels is replaced at random. Columns stay
 * in that order (informative, redundant, noise) so tests and previews can tell them apart.
 */
export function makeClassification(options: ClassificationOptions = {}): TabularSample {
  const { nSamples = 1000, nFeatures = 10, nInformative = 5, nRedundant = 2, nClasses = 2, nClustersPerClass = 2, classSep = 1.0, flipY = 0.01, seed = 0 } = options;
  const nClusters = nClasses * nClustersPerClass;
  if (nInformative + nRedundant > nFeatures) throw new AppError('invalid_input', `makeClassification: nInformative + nRedundant (${nInformative + nRedundant}) exceeds nFeatures (${nFeatures})`);
  if (nInformative < 1 || nInformative > 30 || nClusters > 2 ** nInformative) {
    throw new AppError('invalid_input', `makeClassification: nClasses × nClustersPerClass (${nClusters}) must be ≤ 2^nInformative (${2 ** nInformative})`);
  }
  const rng = mulberry32(hashInts(seed, 0xc1a55));
  const normal = normalSource(rng);
  const uniformPm1 = () => 2 * rng() - 1;

  // Distinct hypercube vertices as cluster centroids.
  const vertices = new Set<number>();
  while (vertices.size < nClusters) vertices.add(Math.floor(rng() * 2 ** nInformative));
  const centroids = [...vertices].map((v) => Array.from({ length: nInformative }, (_, d) => ((v >>> d) & 1 ? classSep : -classSep)));

  // Rows per cluster as even as possible; the first clusters take the remainder.
  const perCluster = Array.from({ length: nClusters }, (_, k) => Math.floor(nSamples / nClusters) + (k < nSamples % nClusters ? 1 : 0));

  const rows: { features: Float64Array; label: number }[] = [];
  for (let k = 0; k < nClusters; k++) {
    const covariance = Array.from({ length: nInformative }, () => Array.from({ length: nInformative }, uniformPm1));
    for (let r = 0; r < perCluster[k]!; r++) {
      const z = Array.from({ length: nInformative }, normal);
      const features = new Float64Array(nFeatures);
      for (let j = 0; j < nInformative; j++) {
        let v = 0;
        for (let i = 0; i < nInformative; i++) v += z[i]! * covariance[i]![j]!;
        features[j] = v + centroids[k]![j]!;
      }
      rows.push({ features, label: k % nClasses });
    }
  }

  const mixing = Array.from({ length: nInformative }, () => Array.from({ length: nRedundant }, uniformPm1));
  for (const row of rows) {
    for (let j = 0; j < nRedundant; j++) {
      let v = 0;
      for (let i = 0; i < nInformative; i++) v += row.features[i]! * mixing[i]![j]!;
      row.features[nInformative + j] = v;
    }
    for (let j = nInformative + nRedundant; j < nFeatures; j++) row.features[j] = normal();
    if (rng() < flipY) row.label = Math.floor(rng() * nClasses);
  }

  shuffleInPlace(rows, rng);
  const x = new Float32Array(nSamples * nFeatures);
  const y = new Float32Array(nSamples);
  rows.forEach((row, i) => {
    x.set(row.features, i * nFeatures);
    y[i] = row.label;
  });
  return { x, y, nSamples, nFeatures };
}
