import { MIN_MASS, normalMass } from '../../../../shared/math/normal';

/**
 * How a Parzen estimator sets its kernels (Bergstra et al. 2011, with Optuna's bandwidth rules): one
 * Gaussian per observation, truncated to the domain, plus a wide prior kernel.
 */
export interface ParzenOptions {
  priorWeight: number;
  /** Floor each bandwidth at range / (m + 1) (Optuna's "magic clip"; see MAX_CLIP). */
  considerMagicClip: boolean;
  /** Let the domain ends widen the outermost kernels. */
  considerEndpoints: boolean;
  /** One shared bandwidth rule across dimensions (Scott-like, as in BOHB) instead of neighbour gaps. */
  multivariate: boolean;
  /**
   * Weight each continuous kernel by its bandwidth, so every kernel peaks at the same height and an
   * isolated good trial is not drowned by a cluster. Optuna ≤ 3.1 computed its densities this way
   * (its truncated-normal log-density left out −log σ); on bench/search-quality.ts it finds better
   * points than the textbook mixture (Branin and Hartmann-6, 50 and 100 evaluations).
   */
  bandwidthWeighted: boolean;
  /**
   * The count that sets the magic-clip floor, range / (1 + count); the estimator's own number of
   * kernels when absent. The good density passes more (see the sampler), so it can sharpen as trials accumulate.
   */
  clipCount?: number;
}

/** A density TPE draws candidates from (l) or only scores them with (g). */
export interface Density {
  /** `n` draws per dimension (internal scale, snapped to what the domain can hold). */
  sample(rng: () => number, n: number, normal: () => number): number[][];
  /** log density (log mass on lattices and categories) of each point; `points[d][s]` as `sample` returns. */
  logPdf(points: readonly (readonly number[])[]): Float64Array;
  /** The first index maximizing logL[s] − log density(xs[s]), for 1-D densities that do it faster than logPdf. */
  argmaxRatio?(xs: readonly number[], logL: Float64Array): number;
}

/**
 * The magic clip stops shrinking here. Optuna stops at 100 (range/100); letting it go on to range/1000
 * changes nothing below 100 trials and keeps refining in long studies (Hartmann-6 after 1,000 trials:
 * a better best in 6 of 6 seeds), with narrower kernels, so densities sum fewer of them.
 */
const MAX_CLIP = 1000;

/** Smallest bandwidth a kernel may have among `k` kernels. */
export const sigmaFloor = (range: number, k: number, opts: ParzenOptions): number =>
  opts.considerMagicClip ? range / Math.min(MAX_CLIP, 1 + Math.max(k, opts.clipCount ?? 0)) : 1e-12;

/** log of a kernel's mass inside [low, high]; nine bandwidths from both ends it is 1 to double precision. */
export function logMassInside(mu: number, sigma: number, low: number, high: number): number {
  const a = (low - mu) / sigma;
  const b = (high - mu) / sigma;
  return a < -9 && b > 9 ? 0 : Math.log(Math.max(MIN_MASS, normalMass(a, b)));
}

/**
 * Indices of `values` (all within [low, high]) in ascending order, ties in index order. Many values: an
 * LSD radix sort of the values quantized to 32 bits of the range (four passes of 8 bits), linear time;
 * a comparator sort of a thousand kernels per parameter per suggestion cost more than the model itself.
 */
export function argsortBounded(values: Float64Array, low: number, high: number): Uint32Array {
  const n = values.length;
  // A good-trials estimator has a few dozen kernels: insertion sort beats four radix passes there.
  if (n <= 64) {
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      let j = i;
      while (j > 0 && values[order[j - 1]!]! > values[i]!) {
        order[j] = order[j - 1]!;
        j--;
      }
      order[j] = i;
    }
    return order;
  }
  const scale = high > low ? 4294967295 / (high - low) : 0;
  let keys = new Uint32Array(n);
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    keys[i] = Math.min(4294967295, Math.max(0, Math.floor((values[i]! - low) * scale)));
    order[i] = i;
  }
  let nextKeys = new Uint32Array(n);
  let nextOrder = new Uint32Array(n);
  const counts = new Uint32Array(256);
  for (let shift = 0; shift < 32; shift += 8) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(keys[i]! >>> shift) & 255]!++;
    for (let b = 0, sum = 0; b < 256; b++) {
      const c = counts[b]!;
      counts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const at = counts[(keys[i]! >>> shift) & 255]!++;
      nextKeys[at] = keys[i]!;
      nextOrder[at] = order[i]!;
    }
    [keys, nextKeys] = [nextKeys, keys];
    [order, nextOrder] = [nextOrder, order];
  }
  return order;
}

/**
 * Neighbour-gap bandwidths of sorted centres (univariate TPE): each kernel as wide as its larger gap
 * to a neighbour (the domain ends count as neighbours only with considerEndpoints), clipped to
 * [floor, range].
 */
export function gapSigmas(sorted: Float64Array, low: number, high: number, floor: number, considerEndpoints: boolean): Float64Array {
  const n = sorted.length;
  const range = high - low;
  const sigmas = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const left = (j === 0 ? sorted[j]! - low : sorted[j]! - sorted[j - 1]!);
    const right = (j === n - 1 ? high - sorted[j]! : sorted[j + 1]! - sorted[j]!);
    let s = Math.max(left, right);
    if (!considerEndpoints && n >= 2) {
      if (j === 0) s = right;
      else if (j === n - 1) s = left;
    }
    sigmas[j] = Math.min(range, Math.max(floor, s));
  }
  return sigmas;
}

/**
 * A draw from N(mu, sigma) truncated to [low, high]. Every kernel's centre lies inside the domain and
 * its width is at most the range, so at least a third of its mass is inside: rejection takes a few
 * draws at most.
 */
export function sampleTruncated(mu: number, sigma: number, low: number, high: number, normal: () => number): number {
  for (let tries = 0; tries < 100; tries++) {
    const x = mu + sigma * normal();
    if (x >= low && x <= high) return x;
  }
  return mu;
}

/** Index of the first cumulative weight above u. */
export function pickComponent(cumW: Float64Array, u: number): number {
  let lo = 0;
  let hi = cumW.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumW[mid]! <= u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
