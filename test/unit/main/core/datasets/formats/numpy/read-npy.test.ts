import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { readNpy } from '../../../../../../../src/main/core/datasets/formats/numpy/read-npy';
import type { ImportProgress } from '../../../../../../../src/main/core/datasets/import/types';
import { npyBytes, type NpyFixture } from './npy-writer';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npy-'));
});
const put = (name: string, f: NpyFixture) => fs.writeFileSync(path.join(dir, name), npyBytes(f));
const putNpz = (name: string, arrays: Record<string, NpyFixture>, level: 0 | 6 = 6) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, zipSync(Object.fromEntries(Object.entries(arrays).map(([k, f]) => [`${k}.npy`, npyBytes(f)])), { level }));
  return file;
};
const noProgress = () => {};
const range = (n: number, f: (i: number) => number = (i) => i) => Array.from({ length: n }, (_, i) => f(i));

describe('readNpy', () => {
  it('reads X.npy + y.npy: tabular features, integer labels as classes, progress in bytes', async () => {
    put('X.npy', { descr: '<f4', shape: [6, 2], values: range(12, (i) => i + 0.5) });
    put('y.npy', { descr: '<i8', shape: [6], values: [2, 5, 9, 2, 5, 9] });
    const progress: ImportProgress[] = [];
    const ds = await readNpy(dir, {}, (p) => progress.push(p));
    expect(ds.format).toBe('npy');
    expect(ds.inputShape).toEqual([2]);
    expect(ds.featureNames).toEqual(['x0', 'x1']);
    expect(Array.from(ds.x)).toEqual(range(12, (i) => i + 0.5));
    expect(ds.task).toBe('multiclass');
    expect(ds.classNames).toEqual(['2', '5', '9']);
    expect(Array.from(ds.y)).toEqual([0, 1, 2, 0, 1, 2]);
    expect(progress.at(-1)).toEqual({ phase: 'reading', done: progress.at(-1)!.total, total: expect.any(Number), unit: 'bytes' });
    expect(progress.at(-1)!.total).toBe(fs.statSync(path.join(dir, 'X.npy')).size + fs.statSync(path.join(dir, 'y.npy')).size);
  });

  it('infers binary from two integer labels, regression from floats, and obeys a task override', async () => {
    put('x.npy', { descr: '<f8', shape: [4, 1], values: [1, 2, 3, 4] });
    put('y.npy', { descr: '|b1', shape: [4], values: [1, 0, 0, 1] });
    expect(await readNpy(dir, {}, noProgress)).toMatchObject({ task: 'binary', classNames: ['0', '1'] });
    put('y.npy', { descr: '<f8', shape: [4], values: [0.5, 1.5, 2.25, 1] });
    const reg = await readNpy(dir, {}, noProgress);
    expect(reg).toMatchObject({ task: 'regression', classNames: [] });
    expect(Array.from(reg.y)).toEqual([0.5, 1.5, 2.25, 1]);
    put('y.npy', { descr: '<f8', shape: [4], values: [0, 1, 1, 0] });
    expect(await readNpy(dir, { task: 'binary' }, noProgress)).toMatchObject({ task: 'binary', classNames: ['0', '1'] });
    put('y.npy', { descr: '<i4', shape: [4], values: [10, 20, 30, 40] });
    expect(await readNpy(dir, { task: 'regression' }, noProgress)).toMatchObject({ task: 'regression', y: Float32Array.from([10, 20, 30, 40]) });
  });

  it.each([
    ['<f4', [1.5, -2.25, 3e10]],
    ['>f4', [1.5, -2.25, 3e10]],
    ['<f8', [1.5, -2.25, 1e-3]],
    ['>f8', [1.5, -2.25, 1e-3]],
    ['|i1', [-128, 0, 127]],
    ['|u1', [0, 200, 255]],
    ['<i2', [-32768, 7, 32767]],
    ['>i2', [-32768, 7, 32767]],
    ['<u2', [0, 40000, 65535]],
    ['<i4', [-2147483648, 5, 2147483647]],
    ['>u4', [0, 3000000000, 12]],
    ['<i8', [-5, 2 ** 40, -(2 ** 33) - 1]],
    ['>i8', [-5, 2 ** 40, 3]],
    ['<u8', [0, 2 ** 45, 3]],
    ['|b1', [1, 0, 1]],
  ])('converts dtype %s to float32', async (descr, values) => {
    put('x.npy', { descr, shape: [3], values });
    put('y.npy', { descr: '<i4', shape: [3], values: [0, 1, 0] });
    const ds = await readNpy(dir, {}, noProgress);
    expect(ds.inputShape).toEqual([1]);
    expect(Array.from(ds.x)).toEqual(Array.from(Float32Array.from(values)));
  });

  it('maps (N,H,W) to [H,W,1] and (N,H,W,C) to [H,W,C], and reads version 2 headers', async () => {
    put('x.npy', { descr: '|u1', shape: [2, 3, 4], values: range(24), version: 2 });
    put('y.npy', { descr: '|u1', shape: [2], values: [0, 1] });
    expect((await readNpy(dir, {}, noProgress)).inputShape).toEqual([3, 4, 1]);
    put('x.npy', { descr: '|u1', shape: [2, 3, 4, 3], values: range(72, (i) => i % 256) });
    const ds = await readNpy(path.join(dir, 'x.npy'), {}, noProgress);
    expect(ds.inputShape).toEqual([3, 4, 3]);
    expect(ds.featureNames).toEqual([]);
    expect(ds.x[71]).toBe(71);
  });

  it('reads an .npz (compressed or stored) with a target array chosen by name', async () => {
    const file = putNpz('data.npz', {
      features: { descr: '<f4', shape: [4, 2], values: range(8) },
      kind: { descr: '<i8', shape: [4], values: [1, 0, 1, 0] },
      weight: { descr: '<f4', shape: [4], values: [1, 1, 1, 1] },
    });
    await expect(readNpy(file, {}, noProgress)).rejects.toThrow(/data\.npz: expected a features array .*found features, kind, weight/);
    const ds = await readNpy(file, { target: 'kind' }, noProgress);
    expect(ds.format).toBe('npz');
    expect(ds.inputShape).toEqual([2]);
    expect(Array.from(ds.y)).toEqual([1, 0, 1, 0]);
    const stored = putNpz('stored.npz', { X: { descr: '<f4', shape: [2, 1], values: [3, 4] }, Y: { descr: '<i4', shape: [2], values: [0, 1] } }, 0);
    expect(Array.from((await readNpy(stored, {}, noProgress)).x)).toEqual([3, 4]);
  });

  it('uses x_test/y_test of a keras-style .npz as the shipped test split', async () => {
    const file = putNpz('mnist.npz', {
      x_train: { descr: '|u1', shape: [4, 2, 2], values: range(16) },
      y_train: { descr: '|u1', shape: [4], values: [0, 1, 2, 1] },
      x_test: { descr: '|u1', shape: [2, 2, 2], values: range(8, (i) => 100 + i) },
      y_test: { descr: '|u1', shape: [2], values: [2, 0] },
    });
    const ds = await readNpy(file, {}, noProgress);
    expect(ds.inputShape).toEqual([2, 2, 1]);
    expect(ds.classNames).toEqual(['0', '1', '2']);
    expect(Array.from(ds.shippedTest!.x)).toEqual(range(8, (i) => 100 + i));
    expect(Array.from(ds.shippedTest!.y)).toEqual([2, 0]);
  });

  it('turns one-hot labels into class indices', async () => {
    put('x.npy', { descr: '<f4', shape: [3, 1], values: [1, 2, 3] });
    put('y.npy', { descr: '<f4', shape: [3, 3], values: [0, 0, 1, 1, 0, 0, 0, 1, 0] });
    expect(await readNpy(dir, {}, noProgress)).toMatchObject({ task: 'multiclass', classNames: ['0', '1', '2'], y: Float32Array.from([2, 0, 1]) });
    put('y.npy', { descr: '<f4', shape: [3, 3], values: [0, 0.5, 1, 1, 0, 0, 0, 1, 0] });
    await expect(readNpy(dir, {}, noProgress)).rejects.toThrow(/y\.npy: 2-D labels must be one-hot/);
  });

  it('refuses fortran order, naming the file and the way out', async () => {
    put('x.npy', { descr: '<f4', shape: [2, 2], values: [1, 2, 3, 4], fortranOrder: true });
    put('y.npy', { descr: '<i4', shape: [2], values: [0, 1] });
    await expect(readNpy(dir, {}, noProgress)).rejects.toThrow(/x\.npy: fortran_order arrays are not supported: .*np\.ascontiguousarray/);
  });

  it('refuses NaN and Inf, naming the file and the first index', async () => {
    put('x.npy', { descr: '<f4', shape: [3, 2], values: [1, 2, 3, NaN, 5, NaN] });
    put('y.npy', { descr: '<i4', shape: [3], values: [0, 1, 0] });
    await expect(readNpy(dir, {}, noProgress)).rejects.toThrow(/x\.npy: NaN at row 1, value 1 \(flat index 3\)/);
    put('x.npy', { descr: '<f4', shape: [3, 2], values: range(6) });
    put('y.npy', { descr: '<f8', shape: [3], values: [0.5, Infinity, 1] });
    await expect(readNpy(dir, {}, noProgress)).rejects.toThrow(/y\.npy: Infinity at index 1/);
    put('y.npy', { descr: '<f8', shape: [3], values: [0.5, 1e300, 1] });
    await expect(readNpy(dir, {}, noProgress)).rejects.toThrow(/y\.npy: 1e\+300 at index 1: .*beyond float32 range/);
  });

  it('refuses mismatched row counts, naming both files', async () => {
    put('x.npy', { descr: '<f4', shape: [3, 2], values: range(6) });
    put('y.npy', { descr: '<i4', shape: [4], values: [0, 1, 0, 1] });
    await expect(readNpy(dir, {}, noProgress)).rejects.toThrow(/x\.npy has 3 rows but .*y\.npy has 4/);
  });

  it('refuses truncated files, unsupported dtypes and broken archives', async () => {
    put('y.npy', { descr: '<i4', shape: [3], values: [0, 1, 0] });
    const whole = npyBytes({ descr: '<f4', shape: [3, 2], values: range(6) });
    fs.writeFileSync(path.join(dir, 'x.npy'), whole.subarray(0, whole.length - 24 + 10));
    await expect(readNpy(dir, {}, noProgress)).rejects.toThrow(/x\.npy: truncated: shape \(3, 2\) of <f4 needs 24 bytes of data, the file holds 10/);
    fs.writeFileSync(path.join(dir, 'x.npy'), npyBytes({ descr: '<f4', shape: [3, 2], values: range(6) }).subarray(0, 30));
    await expect(readNpy(dir, {}, noProgress)).rejects.toThrow(/x\.npy: truncated: the file ends inside the \.npy header/);
    fs.writeFileSync(path.join(dir, 'x.npy'), Buffer.from(npyBytes({ descr: '<f4', shape: [3, 2], values: range(6) }).toString('latin1').replace("'<f4'", "'<c8'"), 'latin1'));
    await expect(readNpy(dir, {}, noProgress)).rejects.toThrow(/x\.npy: dtype '<c8' is not supported/);
    fs.writeFileSync(path.join(dir, 'x.npy'), 'x,y\n1,2\n');
    await expect(readNpy(dir, {}, noProgress)).rejects.toThrow(/x\.npy: not a \.npy file/);

    const npz = putNpz('broken.npz', { x: { descr: '<f4', shape: [2, 1], values: [1, 2] }, y: { descr: '<i4', shape: [2], values: [0, 1] } });
    fs.writeFileSync(npz, fs.readFileSync(npz).subarray(0, 60));
    await expect(readNpy(npz, {}, noProgress)).rejects.toThrow(/broken\.npz: not a readable zip archive/);
  });
});
