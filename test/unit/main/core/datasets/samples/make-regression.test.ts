import { describe, expect, it } from 'vitest';
import { makeRegression } from '../../../../../../src/main/core/datasets/samples/make-regression';

describe('makeRegression', () => {
  const data = makeRegression({ nSamples: 1000, nFeatures: 8, seed: 42 });

  it('is deterministic per seed with the requested shape', () => {
    expect(makeRegression({ seed: 42 }).y).toEqual(data.y);
    expect(makeRegression({ seed: 1 }).y).not.toEqual(data.y);
    expect(data.x.length).toBe(8000);
    expect(data.y.length).toBe(1000);
  });

  it('keeps targets on a scale nets train on without rescaling, and makes them depend on the features', () => {
    const mean = data.y.reduce((a, b) => a + b, 0) / 1000;
    const std = Math.sqrt(data.y.reduce((a, b) => a + (b - mean) ** 2, 0) / 1000);
    expect(std).toBeGreaterThan(1);
    expect(std).toBeLessThan(5);
    // Noise alone (std 0.3) would leave the target almost uncorrelated with x0; the signal does not.
    const corr = (j: number) => {
      let sxy = 0;
      let sxx = 0;
      for (let r = 0; r < 1000; r++) {
        sxy += data.x[r * 8 + j]! * (data.y[r]! - mean);
        sxx += data.x[r * 8 + j]! ** 2;
      }
      return sxy / Math.sqrt(sxx) / (std * Math.sqrt(1000));
    };
    expect(Math.max(...[0, 1, 2, 3, 4].map((j) => Math.abs(corr(j))))).toBeGreaterThan(0.3);
    expect(Math.abs(corr(7))).toBeLessThan(0.1);
  });
});
