import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../src/shared/result';
import { datasetMeta, openStore, spec } from './fixtures';

const expectAppError = (fn: () => unknown, code: AppError['code'], message: RegExp) => {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(AppError);
  expect((caught as AppError).code).toBe(code);
  expect((caught as AppError).message).toMatch(message);
};

describe('datasets', () => {
  it('finds a dataset by id, name or unique hash prefix', () => {
    const store = openStore();
    const meta = datasetMeta();
    store.upsertDataset(meta, '/cache/moons');
    expect(store.getDataset(meta.id)).toEqual({ meta, cacheDir: '/cache/moons' });
    expect(store.getDataset('moons')?.meta.id).toBe(meta.id);
    expect(store.getDataset(meta.id.slice(0, 6))?.meta.name).toBe('moons');
    expect(store.getDataset(meta.id.slice(0, 3))).toBeUndefined(); // too short to be a prefix
    expect(store.getDataset('nope')).toBeUndefined();
  });

  it('refuses an ambiguous prefix', () => {
    const store = openStore();
    store.upsertDataset(datasetMeta({ id: 'abcd1111aaaa', name: 'one' }), '/c1');
    store.upsertDataset(datasetMeta({ id: 'abcd2222bbbb', name: 'two' }), '/c2');
    expectAppError(() => store.getDataset('abcd'), 'invalid_input', /"abcd" is ambiguous/);
    expect(store.getDataset('abcd2')?.meta.name).toBe('two');
  });

  it('re-importing the same content updates the row instead of adding one', () => {
    const store = openStore();
    store.upsertDataset(datasetMeta(), '/old');
    store.upsertDataset(datasetMeta({ name: 'moons-renamed' }), '/new');
    const all = store.listDatasets();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ cacheDir: '/new', meta: { name: 'moons-renamed' } });
  });

  it('refuses a name taken by other content, and invalid meta', () => {
    const store = openStore();
    store.upsertDataset(datasetMeta(), '/c');
    expectAppError(() => store.upsertDataset(datasetMeta({ id: 'ffffffffffff' }), '/d'), 'conflict', /name "moons" is already used/);
    expectAppError(() => store.upsertDataset(datasetMeta({ id: 'ffffffffffff', name: 'x', inputShape: [] }), '/d'), 'invalid_input', /inputShape/);
    expect(store.listDatasets()).toHaveLength(1);
  });

  it('deletes an unused dataset and refuses one a study uses', () => {
    const store = openStore();
    const used = datasetMeta();
    const unused = datasetMeta({ id: 'ffffffffffff', name: 'spare' });
    store.upsertDataset(used, '/c');
    store.upsertDataset(unused, '/d');
    store.createStudy({ spec: spec(), datasetId: used.id, task: 'binary' });
    expectAppError(() => store.deleteDataset(used.id), 'conflict', /"moons" is used by 1 studies \("moons-mlp"\)/);
    store.deleteDataset(unused.id);
    expect(store.listDatasets().map((d) => d.meta.name)).toEqual(['moons']);
    expectAppError(() => store.deleteDataset(unused.id), 'not_found', /Dataset ffffffffffff not found/);
  });
});
