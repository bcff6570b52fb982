import { describe, expect, it } from 'vitest';
import { mulberry32, normalSource } from '../../../../../../src/main/core/search/prng';
import { encodingFor } from '../../../../../../src/main/core/search/tpe/encoding';
import { createParzen, type ParzenOptions } from '../../../../../../src/main/core/search/tpe/parzen';

const OPTS: ParzenOptions = { priorWeight: 1, considerMagicClip: true, considerEndpoints: false, multivariate: false, bandwidthWeighted: false };

/** A clustered sample (most mass near 0.3, a sparse tail) so the sorted estimator skips far blocks. */
function clustered(n: number, seed: number): number[] {
  const rng = mulberry32(seed);
  const normal = normalSource(rng);
  return Array.from({ length: n }, (_, i) => (i % 10 === 0 ? rng() : Math.min(1, Math.max(0, 0.3 + 0.01 * normal()))));
}

describe('Parzen estimators', () => {
  it('give a density that integrates to 1 over the domain, with a thousand clustered kernels', () => {
    const enc = encodingFor({ type: 'float', low: 0, high: 1 })!;
    const values = clustered(1000, 1);
    for (const multivariate of [false, true]) {
      const pe = createParzen([enc], [values], values.map((_, i) => 1 + (i % 3)), { ...OPTS, multivariate });
      const n = 20_000;
      const xs = Array.from({ length: n }, (_, i) => (i + 0.5) / n);
      const integral = Array.from(pe.logPdf([xs])).reduce((sum, lp) => sum + Math.exp(lp) / n, 0);
      expect(integral).toBeCloseTo(1, 3);
    }
  });

  it('give cell masses that sum to 1 on an int lattice', () => {
    const enc = encodingFor({ type: 'int', low: 0, high: 200, step: 2 })!;
    const values = clustered(500, 2).map((v) => 2 * Math.round(v * 100));
    const pe = createParzen([enc], [values], values.map(() => 1), OPTS);
    const lattice = Array.from({ length: 101 }, (_, i) => 2 * i);
    const total = Array.from(pe.logPdf([lattice])).reduce((sum, lp) => sum + Math.exp(lp), 0);
    expect(total).toBeCloseTo(1, 6);
  });

  it('sample inside the domain, near the observations', () => {
    const enc = encodingFor({ type: 'log-float', low: 1e-4, high: 1 })!;
    const values = [Math.log(1e-3), Math.log(1.2e-3), Math.log(0.9e-3)];
    const pe = createParzen([enc], [values], [1, 1, 1], OPTS);
    const rng = mulberry32(3);
    const [draws] = pe.sample(rng, 500, normalSource(rng));
    expect(draws!.every((x) => x >= Math.log(1e-4) && x <= 0)).toBe(true);
    const nearBy = draws!.filter((x) => Math.abs(x - Math.log(1e-3)) < 1.5).length;
    expect(nearBy).toBeGreaterThan(250); // the prior (weight 1 of 4) spreads the rest
  });

  it('model categories as one categorical distribution', () => {
    const enc = encodingFor({ type: 'choice', values: ['a', 'b', 'c'] })!;
    const pe = createParzen([enc], [[0, 0, 0, 1]], [1, 1, 1, 1], OPTS);
    const p = Array.from(pe.logPdf([[0, 1, 2]])).map(Math.exp);
    expect(p[0]! + p[1]! + p[2]!).toBeCloseTo(1, 12);
    expect(p[0]).toBeGreaterThan(p[1]!);
    expect(p[1]).toBeGreaterThan(p[2]!);
  });
});
