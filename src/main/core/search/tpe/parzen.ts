import type { Rng } from '../prng';
import type { Encoding } from './encoding';
import { logMassInside, pickComponent, sampleTruncated, sigmaFloor, type Density, type ParzenOptions } from './kernels';
import { logNormalPdf, logSumExp, MIN_MASS, normalMass } from '../../../../shared/math/normal';
import { UnivariateParzen } from './univariate';

export type { Density, ParzenOptions } from './kernels';

interface NumericDim {
  kind: 'numeric';
  enc: Extract<Encoding, { kind: 'numeric' }>;
  mus: Float64Array;
  sigmas: Float64Array;
  /** log of each kernel's mass inside the domain. */
  logZ: Float64Array;
  /** −log Z (and −log σ unless bandwidth-weighted): the part of a continuous kernel's log density that does not depend on x. */
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

/**
 * A Parzen estimator (Bergstra et al. 2011, with Optuna's bandwidth rules). `observations[d][i]` is
 * observation i of dimension d on the internal scale (category index for a categorical dimension),
 * `weights[i]` its weight. One numeric dimension without the multivariate rule gets the sorted fast path.
 */
export function createParzen(encodings: readonly Encoding[], observations: readonly (readonly number[])[], weights: readonly number[], opts: ParzenOptions): Density {
  const only = encodings.length === 1 ? encodings[0]! : null;
  if (only?.kind === 'numeric' && !opts.multivariate) return new UnivariateParzen(only, observations[0]!, weights, opts);
  return new MixtureParzen(encodings, observations, weights, opts);
}

/**
 * The general estimator: components shared across dimensions (the multivariate estimator when there
 * are several), numeric kernels with the multivariate bandwidth rule (σ = 0.2·m^(−1/(d+4))·range, as
 * BOHB), categorical kernels with most weight on the observed category and priorWeight/(m+1) on each.
 */
class MixtureParzen implements Density {
  private readonly dims: Dim[];
  /** log of the normalized component weights (observations first, prior last). */
  private readonly logW: Float64Array;
  private readonly cumW: Float64Array;
  /** One categorical dimension: the mixture is a single categorical distribution. */
  private readonly logProbs: Float64Array | null = null;

  constructor(encodings: readonly Encoding[], observations: readonly (readonly number[])[], weights: readonly number[], opts: ParzenOptions) {
    const m = weights.length;
    const k = m + 1;
    let total = opts.priorWeight;
    for (const w of weights) total += w;
    this.logW = new Float64Array(k);
    this.cumW = new Float64Array(k);
    let acc = 0;
    for (let i = 0; i < k; i++) {
      const w = (i < m ? weights[i]! : opts.priorWeight) / total;
      this.logW[i] = Math.log(w);
      this.cumW[i] = acc += w;
    }

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
      const sigma = Math.min(range, Math.max(sigmaFloor(range, k, opts), sigma0 * range));
      const mus = new Float64Array(k);
      const sigmas = new Float64Array(k).fill(sigma);
      for (let i = 0; i < m; i++) mus[i] = values[i]!;
      mus[m] = 0.5 * (enc.low + enc.high);
      sigmas[m] = range;
      const logZ = new Float64Array(k);
      const offset = new Float64Array(k);
      for (let i = 0; i < k; i++) {
        logZ[i] = logMassInside(mus[i]!, sigmas[i]!, enc.low, enc.high);
        offset[i] = (opts.bandwidthWeighted ? 0 : -Math.log(sigmas[i]!)) - logZ[i]!;
      }
      return { kind: 'numeric', enc, mus, sigmas, logZ, offset };
    });

    const only = this.dims.length === 1 ? this.dims[0]! : null;
    if (only?.kind === 'categorical') {
      const probs = new Float64Array(only.n);
      for (let i = 0; i < k; i++) {
        const own = only.obs[i]!;
        const kernelTotal = only.floor * only.n + (own >= 0 ? 1 : 0);
        const wi = Math.exp(this.logW[i]!);
        for (let j = 0; j < only.n; j++) probs[j]! += (wi * (only.floor + (j === own ? 1 : 0))) / kernelTotal;
      }
      this.logProbs = probs.map(Math.log);
    }
  }

  sample(rng: Rng, n: number, normal: () => number): number[][] {
    const out = this.dims.map(() => new Array<number>(n));
    for (let s = 0; s < n; s++) {
      const c = pickComponent(this.cumW, rng());
      this.dims.forEach((dim, d) => {
        if (dim.kind === 'categorical') {
          out[d]![s] = sampleCategorical(dim, c, rng);
          return;
        }
        const x = sampleTruncated(dim.mus[c]!, dim.sigmas[c]!, dim.enc.low, dim.enc.high, normal);
        out[d]![s] = dim.enc.encode(dim.enc.decode(x)) ?? x;
      });
    }
    return out;
  }

  logPdf(points: readonly (readonly number[])[]): Float64Array {
    const n = points[0]?.length ?? 0;
    const k = this.logW.length;
    const out = new Float64Array(n);
    const { logProbs } = this;
    if (logProbs) {
      for (let s = 0; s < n; s++) out[s] = logProbs[points[0]![s]!]!;
      return out;
    }
    const terms = new Float64Array(k);
    for (let s = 0; s < n; s++) {
      terms.set(this.logW);
      this.dims.forEach((dim, d) => addLogKernels(dim, points[d]![s]!, terms));
      out[s] = logSumExp(terms, k);
    }
    return out;
  }
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
    for (let i = 0; i < k; i++) terms[i]! += logNormalPdf((x - mus[i]!) / sigmas[i]!) + offset[i]!;
    return;
  }
  const lo = Math.max(x - enc.q / 2, enc.low);
  const hi = Math.min(x + enc.q / 2, enc.high);
  for (let i = 0; i < k; i++) {
    const mass = normalMass((lo - mus[i]!) / sigmas[i]!, (hi - mus[i]!) / sigmas[i]!);
    terms[i]! += Math.log(Math.max(MIN_MASS, mass)) - logZ[i]!;
  }
}
