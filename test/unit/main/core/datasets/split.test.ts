import { describe, expect, it } from 'vitest';
import { splitDataset } from '../../../../../src/main/core/datasets/split';

/** 600 of class 0, 300 of class 1, 100 of class 2, in blocks (the worst order for an unstratified cut). */
const labels = Float32Array.from({ length: 1000 }, (_, i) => (i < 600 ? 0 : i < 900 ? 1 : 2));
const countOf = (indices: number[], label: number) => indices.filter((i) => labels[i] === label).length;

describe('splitDataset', () => {
  it('stratifies classification splits: every class cut 70/15/15', () => {
    const s = splitDataset(labels, 'multiclass', [0.7, 0.15, 0.15], 1);
    expect([s.train.length, s.val.length, s.test.length]).toEqual([700, 150, 150]);
    expect([0, 1, 2].map((c) => countOf(s.val, c))).toEqual([90, 45, 15]);
    expect([0, 1, 2].map((c) => countOf(s.test, c))).toEqual([90, 45, 15]);
    expect([0, 1, 2].map((c) => countOf(s.train, c))).toEqual([420, 210, 70]);
  });

  it('uses every row exactly once', () => {
    const s = splitDataset(labels, 'binary', undefined, 3);
    expect([...s.train, ...s.val, ...s.test].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('is deterministic per seed and shuffles the rows', () => {
    const a = splitDataset(labels, 'multiclass', undefined, 5);
    expect(splitDataset(labels, 'multiclass', undefined, 5)).toEqual(a);
    expect(splitDataset(labels, 'multiclass', undefined, 6).val).not.toEqual(a.val);
    // Classes are interleaved, not left in blocks.
    expect(a.train.slice(0, 50).some((i) => labels[i] !== 0)).toBe(true);
  });

  it('cuts regression targets by fraction without stratifying', () => {
    const y = Float32Array.from({ length: 200 }, (_, i) => i / 10);
    const s = splitDataset(y, 'regression', [0.8, 0.1, 0.1], 2);
    expect([s.train.length, s.val.length, s.test.length]).toEqual([160, 20, 20]);
  });

  it('allows an empty test split and refuses fractions that do not add up', () => {
    const s = splitDataset(labels, 'multiclass', [0.8, 0.2, 0], 1);
    expect(s.test).toEqual([]);
    expect(s.val.length).toBe(200);
    expect(() => splitDataset(labels, 'binary', [0.5, 0.2, 0.2])).toThrow(/split fractions 0.5\/0.2\/0.2: must be ≥ 0, with train > 0, and add up to 1/);
  });
});
