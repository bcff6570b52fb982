import { describe, expect, it } from 'vitest';
import { makeClassification } from '../../../../../../src/main/core/datasets/samples/make-classification';
import { knnAccuracy } from './knn';

const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

/** Least-squares residual of column `target` regressed on `sources` (normal equations, Gauss–Jordan). */
function regressionResidual(x: Float32Array, rowSize: number, sources: number[], target: number): number {
  const n = x.length / rowSize;
  const m = sources.length;
  const a = Array.from({ length: m }, () => new Array<number>(m + 1).fill(0));
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) a[i]![j]! += x[r * rowSize + sources[i]!]! * x[r * rowSize + sources[j]!]!;
      a[i]![m]! += x[r * rowSize + sources[i]!]! * x[r * rowSize + target]!;
    }
  }
  for (let i = 0; i < m; i++) {
    const pivot = a[i]![i]!;
    for (let j = 0; j <= m; j++) a[i]![j]! /= pivot;
    for (let k = 0; k < m; k++) if (k !== i) { const f = a[k]![i]!; for (let j = 0; j <= m; j++) a[k]![j]! -= f * a[i]![j]!; }
  }
  let sse = 0;
  let sst = 0;
  for (let r = 0; r < n; r++) {
    let pred = 0;
    for (let i = 0; i < m; i++) pred += a[i]![m]! * x[r * rowSize + sources[i]!]!;
    sse += (x[r * rowSize + target]! - pred) ** 2;
    sst += x[r * rowSize + target]! ** 2;
  }
  return sse / sst;
}

describe('makeClassification', () => {
  const data = makeClassification({ nSamples: 1000, nFeatures: 10, nInformative: 5, nRedundant: 2, nClasses: 2, classSep: 1.0, flipY: 0.01, seed: 42 });

  it('is deterministic per seed', () => {
    const again = makeClassification({ seed: 42 });
    expect(again.x).toEqual(data.x);
    expect(again.y).toEqual(data.y);
    expect(makeClassification({ seed: 43 }).x).not.toEqual(data.x);
  });

  it('has the requested shape, finite values and balanced classes', () => {
    expect(data.x.length).toBe(10_000);
    expect(data.y.length).toBe(1000);
    expect(data.x.every(Number.isFinite)).toBe(true);
    const ones = data.y.filter((v) => v === 1).length;
    expect(data.y.every((v) => v === 0 || v === 1)).toBe(true);
    // 500/500 before ~1% of labels are flipped at random.
    expect(Math.abs(ones - 500)).toBeLessThan(15);
  });

  it('separates classes on the informative features, not on the noise features', () => {
    expect(knnAccuracy(data.x, data.y, 10, range(0, 5))).toBeGreaterThan(0.8);
    expect(knnAccuracy(data.x, data.y, 10, range(7, 10))).toBeLessThan(0.62);
  });

  it('makes the redundant features linear combinations of the informative ones', () => {
    expect(regressionResidual(data.x, 10, range(0, 5), 5)).toBeLessThan(1e-6);
    expect(regressionResidual(data.x, 10, range(0, 5), 6)).toBeLessThan(1e-6);
    expect(regressionResidual(data.x, 10, range(0, 5), 8)).toBeGreaterThan(0.9);
  });

  it('supports several classes and refuses impossible cluster counts', () => {
    const multi = makeClassification({ nClasses: 4, nInformative: 3, nRedundant: 0, nFeatures: 4, nSamples: 400, flipY: 0, seed: 1 });
    expect([0, 1, 2, 3].map((c) => multi.y.filter((v) => v === c).length)).toEqual([100, 100, 100, 100]);
    expect(() => makeClassification({ nClasses: 5, nInformative: 2 })).toThrow(/must be ≤ 2\^nInformative/);
  });
});
