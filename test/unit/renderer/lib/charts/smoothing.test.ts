import { describe, expect, it } from 'vitest';
import { emaSmooth, forLogAxis } from '../../../../../src/renderer/src/lib/charts/smoothing';

describe('emaSmooth', () => {
  it('is the identity at weight 0', () => {
    expect(emaSmooth([1, 2, null, 4], 0)).toEqual([1, 2, null, 4]);
  });

  it('debiases, so a constant curve stays constant from the first point', () => {
    for (const v of emaSmooth([3, 3, 3, 3], 0.9)) expect(v).toBeCloseTo(3, 10);
  });

  it('matches the TensorBoard formula and skips missing values', () => {
    const w = 0.5;
    const out = emaSmooth([1, 3, null, 5], w);
    expect(out[0]).toBeCloseTo(1);
    // last = 0.5*0.5 + 0.5*3 = 1.75, debias 1 - 0.25 = 0.75
    expect(out[1]).toBeCloseTo(1.75 / 0.75);
    expect(out[2]).toBeNull();
    // last = 1.75*0.5 + 2.5 = 3.375, debias 1 - 0.125
    expect(out[3]).toBeCloseTo(3.375 / 0.875);
  });
});

describe('forLogAxis', () => {
  it('turns values a log axis cannot place into gaps', () => {
    expect(forLogAxis([1, 0, -2, null, 0.5])).toEqual([1, null, null, null, 0.5]);
  });
});
