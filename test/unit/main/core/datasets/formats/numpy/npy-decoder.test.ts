import { describe, expect, it } from 'vitest';
import { NpyDecoder } from '../../../../../../../src/main/core/datasets/formats/numpy/npy-decoder';
import { npyBytes } from './npy-writer';

describe('NpyDecoder', () => {
  it.each([1, 3, 7, 4096])('gives the same values whatever the chunk size (%i bytes)', (chunk) => {
    const values = Array.from({ length: 50 }, (_, i) => (i - 25) * 1000.25);
    for (const descr of ['<f8', '>f8', '<i8', '>i2']) {
      const ints = descr.includes('i');
      const want = ints ? values.map((v) => Math.trunc(v) % 30000) : values;
      const bytes = npyBytes({ descr, shape: [5, 10], values: want });
      const decoder = new NpyDecoder('a.npy', (n) => new Float64Array(n));
      for (let at = 0; at < bytes.length; at += chunk) decoder.push(bytes.subarray(at, at + chunk));
      const { header, data } = decoder.finish();
      expect(header.shape).toEqual([5, 10]);
      expect(Array.from(data)).toEqual(want);
    }
  });

  it('refuses more data than the shape holds', () => {
    const bytes = Buffer.concat([npyBytes({ descr: '<f4', shape: [2], values: [1, 2] }), Buffer.alloc(4)]);
    const decoder = new NpyDecoder('b.npy', (n) => new Float32Array(n));
    expect(() => decoder.push(bytes)).toThrow(/b\.npy: more data than its shape \(2\) holds/);
  });

  it('refuses an empty file', () => {
    expect(() => new NpyDecoder('c.npy', (n) => new Float32Array(n)).finish()).toThrow(/c\.npy: empty file/);
  });
});
