import type { Encoding } from './encoding';
import { argsortBounded, gapSigmas, logMassInside, pickComponent, sampleTruncated, sigmaFloor, type Density, type ParzenOptions } from './kernels';
import { MIN_MASS, normalMass } from '../../../../shared/math/normal';

/**
 * Beyond this many bandwidths a kernel's share is below e^-40 (4e-18) of its peak; even a thousand such
 * kernels change the density by less than 1e-12 relative to the prior's share, which never vanishes.
 */
const CUT = 9;

/** Kernels per block: each block knows its centre span and widest bandwidth, and is skipped whole when far. */
const BLOCK = 16;

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

type NumericEncoding = Extract<Encoding, { kind: 'numeric' }>;

/**
 * The univariate Parzen estimator of one numeric parameter, built straight in sorted order: bandwidths
 * come from neighbour gaps, and a density sums only the blocks of kernels within CUT bandwidths of x,
 * plus the wide prior kernel, which keeps every sum far from underflow. The "bad" density of a study
 * with a thousand trials has a thousand kernels per parameter: this is what keeps a suggestion in
 * milliseconds.
 */
export class UnivariateParzen implements Density {
  /** Observation kernels by centre (the prior kernel is kept apart, never skipped). */
  private readonly mu: Float64Array;
  private readonly sigma: Float64Array;
  /** Continuous: weight · peak density (the x-independent part), and 1/σ. */
  private readonly lin: Float64Array;
  private readonly invSigma: Float64Array;
  /** Lattice: log weight − log mass inside the domain. */
  private readonly wLogZ: Float64Array;
  private readonly prior: { mu: number; sigma: number; lin: number; wLogZ: number };
  /** Sampling: cumulative weights of the kernels in sorted order, the prior last. */
  private readonly cumW: Float64Array;
  /** Per block: reach = CUT · widest bandwidth, and its first and last centre. */
  private readonly reach: Float64Array;
  private readonly first: Float64Array;
  private readonly last: Float64Array;

  constructor(private readonly enc: NumericEncoding, values: readonly number[], weights: readonly number[], opts: ParzenOptions) {
    const m = values.length;
    const { low, high } = enc;
    const range = high - low;
    // The prior's centre takes part in the neighbour gaps, as in Optuna.
    const centres = new Float64Array(m + 1);
    for (let i = 0; i < m; i++) centres[i] = values[i]!;
    centres[m] = 0.5 * (low + high);
    const order = argsortBounded(centres, low, high);
    const sortedAll = new Float64Array(m + 1);
    for (let j = 0; j <= m; j++) sortedAll[j] = centres[order[j]!]!;
    const sigmasAll = gapSigmas(sortedAll, low, high, sigmaFloor(range, m + 1, opts), opts.considerEndpoints);

    let total = opts.priorWeight;
    for (const w of weights) total += w;
    // Most kernels lie well inside the domain (log Z = 0) and are bandwidth-weighted: no log or exp then.
    const lattice = enc.q !== null;
    const share = (sigma: number, w: number, logZ: number) => ((logZ === 0 ? w : w * Math.exp(-logZ)) / total / (opts.bandwidthWeighted ? 1 : sigma)) * INV_SQRT_2PI;
    const priorLogZ = logMassInside(centres[m]!, range, low, high);
    this.prior = {
      mu: centres[m]!,
      sigma: range,
      lin: share(range, opts.priorWeight, priorLogZ),
      wLogZ: lattice ? Math.log(opts.priorWeight / total) - priorLogZ : 0,
    };

    // Plain loops, no TypedArray.from(…, map) and no object per kernel: this runs for every parameter
    // of every suggestion, over every trial.
    this.mu = new Float64Array(m);
    this.sigma = new Float64Array(m);
    this.lin = new Float64Array(m);
    this.invSigma = new Float64Array(m);
    this.wLogZ = new Float64Array(lattice ? m : 0);
    this.cumW = new Float64Array(m + 1);
    const blocks = Math.ceil(m / BLOCK);
    this.reach = new Float64Array(blocks);
    this.first = new Float64Array(blocks);
    this.last = new Float64Array(blocks);
    let acc = 0;
    for (let j = 0, out = 0; j <= m; j++) {
      const i = order[j]!;
      if (i === m) continue; // the prior
      const mu = sortedAll[j]!;
      const sigma = sigmasAll[j]!;
      const w = weights[i]!;
      const logZ = logMassInside(mu, sigma, low, high);
      this.mu[out] = mu;
      this.sigma[out] = sigma;
      this.invSigma[out] = 1 / sigma;
      this.lin[out] = share(sigma, w, logZ);
      if (lattice) this.wLogZ[out] = Math.log(w / total) - logZ;
      this.cumW[out] = acc += w / total;
      // Blocks of BLOCK kernels: first and last centre, and CUT times the widest bandwidth.
      const b = (out / BLOCK) | 0;
      if (out % BLOCK === 0) this.first[b] = mu;
      this.last[b] = mu;
      this.reach[b] = Math.max(this.reach[b]!, CUT * sigma);
      out++;
    }
    this.cumW[m] = 1;
  }

  sample(rng: () => number, n: number, normal: () => number): number[][] {
    const { enc } = this;
    const out = new Array<number>(n);
    for (let s = 0; s < n; s++) {
      const c = pickComponent(this.cumW, rng());
      const [mu, sigma] = c < this.mu.length ? [this.mu[c]!, this.sigma[c]!] : [this.prior.mu, this.prior.sigma];
      const x = sampleTruncated(mu, sigma, enc.low, enc.high, normal);
      out[s] = enc.encode(enc.decode(x)) ?? x;
    }
    return [out];
  }

  logPdf(points: readonly (readonly number[])[]): Float64Array {
    const xs = points[0]!;
    const out = new Float64Array(xs.length);
    // Candidates on a lattice repeat: each distinct value is summed once.
    const seen = this.enc.q === null ? null : new Map<number, number>();
    for (let s = 0; s < xs.length; s++) {
      const x = xs[s]!;
      let v = seen?.get(x);
      if (v === undefined) {
        v = this.enc.q === null ? this.continuous(x) : this.lattice(x, this.enc.q);
        seen?.set(x, v);
      }
      out[s] = v;
    }
    return out;
  }

  /** Whether block b may hold a kernel within reach of [x − half, x + half]. */
  private near(b: number, x: number, half: number): boolean {
    return Math.max(this.first[b]! - x, x - this.last[b]!) - half <= this.reach[b]!;
  }

  /**
   * The index s maximizing logL[s] − log g(xs[s]) (the first one on ties), g being this density: what
   * TPE asks of its "bad" density. Candidates are taken best-l first and each sum stops as soon as it
   * exceeds what the leader allows (partial sums only grow), so most candidates are settled after the
   * kernels nearest to them. Exact: the same index as evaluating every density in full.
   */
  argmaxRatio(xs: readonly number[], logL: Float64Array): number {
    if (this.enc.q !== null) {
      const lg = this.logPdf([xs]);
      let arg = 0;
      for (let s = 1; s < xs.length; s++) if (logL[s]! - lg[s]! > logL[arg]! - lg[arg]!) arg = s;
      return arg;
    }
    const order = Array.from(xs.keys()).sort((a, b) => logL[b]! - logL[a]! || a - b);
    let best = -Infinity;
    let arg = -1;
    for (const s of order) {
      // Stop once sum > cap, i.e. logL − log(sum) < best; on an exact tie the lower index wins.
      const cap = best === -Infinity ? Infinity : Math.exp(logL[s]! - best);
      const sum = this.continuousSum(xs[s]!, cap);
      if (sum > cap) continue;
      const score = logL[s]! - Math.log(sum);
      if (score > best || (score === best && s < arg)) {
        best = score;
        arg = s;
      }
    }
    return arg;
  }

  private continuous(x: number): number {
    return Math.log(this.continuousSum(x, Infinity));
  }

  /**
   * Σ w·φ((x−μ)/σ)/Z in linear space (the prior's term alone keeps it far above underflow), blocks
   * nearest to x first; stops early once above `cap`.
   */
  private continuousSum(x: number, cap: number): number {
    const { mu, lin, invSigma, prior, first } = this;
    const zp = (x - prior.mu) / prior.sigma;
    let sum = prior.lin * Math.exp(-0.5 * zp * zp);
    const blocks = this.reach.length;
    // The last block starting at or before x, then outward, nearer side first.
    let lo = 0;
    let hi = blocks;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (first[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    let left = lo - 1;
    let right = lo;
    while ((left >= 0 || right < blocks) && sum <= cap) {
      const takeLeft = right >= blocks || (left >= 0 && x - this.last[left]! <= first[right]! - x);
      const b = takeLeft ? left-- : right++;
      if (!this.near(b, x, 0)) continue;
      const end = Math.min(mu.length, (b + 1) * BLOCK);
      for (let j = b * BLOCK; j < end; j++) {
        const z = (x - mu[j]!) * invSigma[j]!;
        sum += lin[j]! * Math.exp(-0.5 * z * z);
      }
    }
    return sum;
  }

  /** Cell masses of [x − q/2, x + q/2], summed relative to the prior's (far kernels' masses underflow). */
  private lattice(x: number, q: number): number {
    const a = Math.max(x - q / 2, this.enc.low);
    const b = Math.min(x + q / 2, this.enc.high);
    const term = (mu: number, sigma: number, wLogZ: number) => wLogZ + Math.log(Math.max(MIN_MASS, normalMass((a - mu) / sigma, (b - mu) / sigma)));
    const ref = term(this.prior.mu, this.prior.sigma, this.prior.wLogZ);
    let sum = 1;
    for (let block = 0; block < this.reach.length; block++) {
      if (!this.near(block, x, q / 2)) continue;
      const end = Math.min(this.mu.length, (block + 1) * BLOCK);
      for (let j = block * BLOCK; j < end; j++) sum += Math.exp(term(this.mu[j]!, this.sigma[j]!, this.wLogZ[j]!) - ref);
    }
    return ref + Math.log(sum);
  }
}
