import { describe, expect, it } from 'vitest';
import { appErrorOf as appError, datasetMeta, openStore, spec, storeWithStudy } from './fixtures';

describe('notes and tags', () => {
  it('saves, replaces and clears a study note and its tags', () => {
    const { store, study } = storeWithStudy();
    expect(store.getStudyAnnotation(study.id)).toEqual({ note: '', tags: [] });
    expect(store.setStudyAnnotation(study.id, { note: 'lr > 0.05 diverges', tags: [' baseline ', 'adam', 'baseline', ''] })).toEqual({
      note: 'lr > 0.05 diverges',
      tags: ['adam', 'baseline'],
    });
    // Only what the patch names changes.
    expect(store.setStudyAnnotation(study.id, { tags: ['final'] })).toEqual({ note: 'lr > 0.05 diverges', tags: ['final'] });
    expect(store.setStudyAnnotation(study.id, { note: '  ' })).toEqual({ note: '', tags: ['final'] });
    expect(store.studyAnnotations().get(study.id)).toEqual({ note: '', tags: ['final'] });
  });

  it('lists only the annotated runs of a study', () => {
    const { store, study } = storeWithStudy();
    const a = store.createRun({ studyId: study.id, seed: 1, params: { learning_rate: 0.01 } });
    const b = store.createRun({ studyId: study.id, seed: 2, params: { learning_rate: 0.02 } });
    store.setRunAnnotation(b.id, { note: 'best so far', tags: ['keep'] });
    expect([...store.runAnnotations(study.id)]).toEqual([[b.id, { note: 'best so far', tags: ['keep'] }]]);
    expect(store.getRunAnnotation(a.id)).toEqual({ note: '', tags: [] });
  });

  it('refuses bad tags by name and writes nothing of the patch', () => {
    const { store, study } = storeWithStudy();
    store.setStudyAnnotation(study.id, { note: 'kept', tags: ['old'] });
    const comma = appError(() => store.setStudyAnnotation(study.id, { note: 'new', tags: ['a,b'] }));
    expect(comma.code).toBe('invalid_input');
    expect(comma.message).toMatch(/tags: "a,b" on study \d+ contains a comma/);
    expect(appError(() => store.setStudyAnnotation(study.id, { tags: ['x'.repeat(41)] })).message).toMatch(/longer than 40 characters/);
    expect(store.getStudyAnnotation(study.id)).toEqual({ note: 'kept', tags: ['old'] });
    expect(appError(() => store.setRunAnnotation(999, { note: 'x' })).code).toBe('not_found');
  });
});

describe('dataset rename', () => {
  it('renames in the row and the meta, keeps studies working, refuses taken and sample names', () => {
    const store = openStore();
    const moons = datasetMeta();
    store.upsertDataset(moons, '/c');
    store.upsertDataset(datasetMeta({ id: 'ffffffffffff', name: 'spare' }), '/d');
    const study = store.createStudy({ spec: spec(), datasetId: moons.id, task: 'binary' });
    expect(store.renameDataset(moons.id, '  two moons ').meta.name).toBe('two moons');
    expect(store.getDataset('two moons')?.meta.id).toBe(moons.id);
    expect(store.getDataset('moons')).toBeUndefined();
    expect(store.getStudy(study.id)?.datasetId).toBe(moons.id);
    expect(store.studiesUsingDataset(moons.id)).toEqual(['moons-mlp']);

    const taken = appError(() => store.renameDataset(moons.id, 'spare'));
    expect(taken.code).toBe('conflict');
    expect(taken.message).toMatch(/"spare" is already the name of dataset ffffffffffff/);
    expect(appError(() => store.renameDataset(moons.id, 'sample:binary')).message).toMatch(/built-in samples/);
    expect(appError(() => store.renameDataset(moons.id, ' ')).message).toMatch(/empty/);
    expect(appError(() => store.renameDataset('nope', 'x')).code).toBe('not_found');
    expect(store.getDataset(moons.id)?.meta.name).toBe('two moons');
  });
});
