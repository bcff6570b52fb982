import type { Rng } from '../prng';
import type { Encoding } from './encoding';
import { logNormalPdf, logSumExp, MIN_MASS, normalMass } from './normal';

/**
 * A Parzen estimator over one or more dimensions (Bergstra et al. 2011, with Optuna's bandwidth
 * rules): one kernel per observation plus a wide prior kernel. Numeric kernels are Gaussians
 * truncated to the domain (cell masses on an int lattice); categorical kernels put most weight on the
 * observed category and `priorWeight/(m+1)` on every category. Components are shared across
 * dimensions, so with several dimensions it is the multivariate estimator.
 */
export interface ParzenOptions {
  priorWeight: number;
  /** Floor each bandwidth at range / min(100, m + 1) (Optuna's "magic clip"). */
  considerMagicClip: boolean;
  /** Let the domain ends widen the outermost kernels. */
  considerEndpoints: boolean;
  /** One shared bandwidth rule across dimensions (Scott-like, as in BOHB) instead of neighbour gaps. */
  multivariate: boolean;
}

interface NumericDim {
  kind: 'numeric';
  enc: Extract<Encoding, { kind: 'numeric' }>;
  mus: Float64Array;
  sigmas: Float64Array;
  /** log of each kernel's mass inside the domain. */
  logZ: Float64Array;
  /** −log σ − log Z: the part of a continuous kernel's log density that does not depend on x. */
  offset: Float64Array;
}

interface CategoricalDim {
  kind: 'categorical';
  n: number;
  /** Observed category per component; -1 for the prior (uniform). */
  obs: Int32Array;
  /** Unnormalized weight every category gets in an observation's kernel. */
  floor: number;
}

type Dim = NumericDim | CategoricalDim;

/** Neighbour-gap bandwidths (univariate TPE): each kernel as wide as its larger gap to a neighbour. */
function gapSigmas(mus: Float64Array, low: number, high: number, considerEndpoints: boolean): Float64Array {
  const order = Array.from(mus.keys()).sort((a, b) => mus[a]! - mus[b]!);
  const sorted = [low, ...order.map((i) => mus[i]!), high];
  const sigmas = new Float64Array(mus.length);
  const n = order.length;
  for (let j = 0; j < n; j++) {
    let s = Math.max(sorted[j + 1]! - sorted[j]!, sorted[j + 2]! - sorted[j + 1]!);
    if (!considerEndpoints && n >= 2) {
      if (j === 0) s = sorted[2]! - sorted[1]!;
      else if (j === n - 1) s = sorted[n]! - sorted[n - 1]!;
    }
    sigmas[order[j]!] = s;
  }
  return sigmas;
}

export class ParzenEstimator {
  private readonly dims: Dim[];
  /** log of the normalized component weights (observations first, prior last). */
  private readonly logW: Float64Array;
  private readonly cumW: Float64Array;

  /**
   * `observations[d][i]` is observation i of dimension d on the internal scale (category index for a
   * categorical dimension); `weights[i]` its (unnormalized) weight.
   */
  constructor(encodings: readonly Encoding[], observations: readonly (readonly number[])[], weights: readonly number[], opts: ParzenOptions) {
    const m = weights.length;
    const k = m + 1;
    const w = [...weights, opts.priorWeight];
    const total = w.reduce((a, b) => a + b, 0);
    this.logW = Float64Array.from(w, (v) => Math.log(v / total));
    this.cumW = new Float64Array(k);
    let acc = 0;
    for (let i = 0; i < k; i++) this.cumW[i] = acc += w[i]! / total;

    const sigma0 = 0.2 * Math.max(m, 1) ** (-1 / (encodings.length + 4));
    this.dims = encodings.map((enc, d): Dim => {
      const values = observations[d]!;
      if (enc.kind === 'categorical') {
        const obs = new Int32Array(k);
        for (let i = 0; i < m; i++) obs[i] = values[i]!;
        obs[m] = -1;
        return { kind: 'categorical', n: enc.n, obs, floor: opts.priorWeight / k };
      }
      const range = enc.high - enc.low;
      const mus = new Float64Array(k);
      for (let i = 0; i < m; i++) mus[i] = values[i]!;
      mus[m] = 0.5 * (enc.low + enc.high);
      const sigmas = opts.multivariate ? new Float64Array(k).fill(sigma0 * range) : gapSigmas(mus, enc.low, enc.high, opts.considerEndpoints);
      const minSigma = opts.considerMagicClip ? range / Math.min(100, 1 + k) : 1e-12;
      for (let i = 0; i < k; i++) sigmas[i] = Math.min(range, Math.max(minSigma, sigmas[i]!));
      sigmas[m] = range;
      const logZ = Float64Array.from(mus, (mu, i) => Math.log(Math.max(MIN_MASS, normalMass((enc.low - mu) / sigmas[i]!, (enc.high - mu) / sigmas[i]!))));
      const offset = Float64Array.from(logZ, (lz, i) => -Math.log(sigmas[i]!) - lz);
      return { kind: 'numeric', enc, mus, sigmas, logZ, offset };
    });
  }

  /** `n` draws per dimension (internal scale, snapped to what the domain can hold). */
  sample(rng: Rng, n: number, normal: () => number): number[][] {
    const out = this.dims.map(() => new Array<number>(n));
    for (let s = 0; s < n; s++) {
      const u = rng();
      let c = 0;
      while (c < this.cumW.length - 1 && this.cumW[c]! <= u) c++;
      this.dims.forEach((dim, d) => {
        out[d]![s] = dim.kind === 'numeric' ? sampleNumeric(dim, c, normal) : sampleCategorical(dim, c, rng);
      });
    }
    return out;
  }

  /** log density (log mass for lattices and categories) of each point; `points[d][s]` as `sample` returns. */
  logPdf(points: readonly (readonly number[])[]): Float64Array {
    const n = points[0]?.length ?? 0;
    const k = this.logW.length;
    const out = new Float64Array(n);
    const terms = new Float64Array(k);
    for (let s = 0; s < n; s++) {
      terms.set(this.logW);
      this.dims.forEach((dim, d) => addLogKernels(dim, points[d]![s]!, terms));
      out[s] = logSumExp(terms, k);
    }
    return out;
  }
}

function sampleNumeric(dim: NumericDim, c: number, normal: () => number): number {
  const { enc } = dim;
  const mu = dim.mus[c]!;
  const sigma = dim.sigmas[c]!;
  // Every kernel's centre lies inside the domain and its width is at most the range, so at least a
  // third of its mass is inside: rejection takes a few draws at most.
  let x = mu;
  for (let tries = 0; tries < 100; tries++) {
    const candidate = mu + sigma * normal();
    if (candidate >= enc.low && candidate <= enc.high) {
      x = candidate;
      break;
    }
  }
  const snapped = enc.encode(enc.decode(x));
  return snapped ?? x;
}

function sampleCategorical(dim: CategoricalDim, c: number, rng: Rng): number {
  const own = dim.obs[c]!;
  const total = dim.floor * dim.n + (own >= 0 ? 1 : 0);
  let u = rng() * total;
  for (let j = 0; j < dim.n; j++) {
    u -= dim.floor + (j === own ? 1 : 0);
    if (u < 0) return j;
  }
  return dim.n - 1;
}

/** Adds each component's log kernel value at `x` to `terms`. */
function addLogKernels(dim: Dim, x: number, terms: Float64Array): void {
  const k = terms.length;
  if (dim.kind === 'categorical') {
    const logFloor = Math.log(dim.floor);
    const obsTotal = Math.log(dim.floor * dim.n + 1);
    const priorTotal = Math.log(dim.floor * dim.n);
    for (let i = 0; i < k; i++) {
      const own = dim.obs[i]!;
      terms[i]! += own < 0 ? logFloor - priorTotal : (own === x ? Math.log(dim.floor + 1) : logFloor) - obsTotal;
    }
    return;
  }
  const { mus, sigmas, logZ, offset, enc } = dim;
  if (enc.q === null) {
    for (let i = 0; i < k; i++) {
      const z = (x - mus[i]!) / sigmas[i]!;
      terms[i]! += logNormalPdf(z) + offset[i]!;
    }
    return;
  }
  const lo = Math.max(x - enc.q / 2, enc.low);
  const hi = Math.min(x + enc.q / 2, enc.high);
  for (let i = 0; i < k; i++) {
    const mass = normalMass((lo - mus[i]!) / sigmas[i]!, (hi - mus[i]!) / sigmas[i]!);
    terms[i]! += Math.log(Math.max(MIN_MASS, mass)) - logZ[i]!;
  }
}
