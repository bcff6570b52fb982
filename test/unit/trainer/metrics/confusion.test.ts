import { describe, expect, it } from 'vitest';
import { scoresFromConfusion, toMatrix } from '../../../../src/trainer/metrics/confusion';

describe('scoresFromConfusion', () => {
  it('macro-averages precision, recall and F1 over both classes of a binary task', () => {
    // true 0: 8 right, 2 called 1; true 1: 1 called 0, 4 right
    const s = scoresFromConfusion([
      [8, 2],
      [1, 4],
    ]);
    const p0 = 8 / 9;
    const p1 = 4 / 6;
    const r0 = 8 / 10;
    const r1 = 4 / 5;
    expect(s.accuracy).toBeCloseTo(12 / 15, 12);
    expect(s.precision).toBeCloseTo((p0 + p1) / 2, 12);
    expect(s.recall).toBeCloseTo((r0 + r1) / 2, 12);
    expect(s.f1).toBeCloseTo(((2 * p0 * r0) / (p0 + r0) + (2 * p1 * r1) / (p1 + r1)) / 2, 12);
  });

  it('scores a never-predicted class 0, so always answering the majority class is penalized', () => {
    const s = scoresFromConfusion([
      [9, 0],
      [1, 0],
    ]);
    expect(s.accuracy).toBeCloseTo(0.9, 12);
    expect(s.precision).toBeCloseTo(0.9 / 2, 12);
    expect(s.recall).toBeCloseTo(0.5, 12);
  });

  it('reshapes a flat row-major matrix', () => {
    expect(toMatrix([1, 2, 3, 4, 5, 6, 7, 8, 9], 3)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
  });
});
