import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetMeta } from '../store/fixtures';
import { tinyStudySpec } from '../../../../helpers/study-fixtures';
import { useTempDir } from '../../../../helpers/temp-dir';
import { call, openApi, value } from './api-fixture';

describe('annotations.*, datasets.rename/delete and trials.resolve on real services', () => {
  const tempDir = useTempDir();

  it('stores notes and tags of a study and its runs, and resolves trial numbers', async () => {
    const api = openApi(tempDir());
    try {
      const study = await value(api.ctx, 'studies.create', { spec: tinyStudySpec({ budget: { maxTrials: 1 } }), start: false });
      const run = api.services.store.createRun({ studyId: study.id, seed: 3, params: { learning_rate: 0.005 } });
      expect(await value(api.ctx, 'annotations.setStudy', { studyId: study.id, note: 'first try', tags: ['baseline'] })).toEqual({ note: 'first try', tags: ['baseline'] });
      expect(await value(api.ctx, 'annotations.setRun', { runId: run.id, tags: ['keep', 'lr-low'] })).toEqual({ note: '', tags: ['keep', 'lr-low'] });
      expect(await value(api.ctx, 'annotations.list', { studyId: study.id })).toEqual({
        studies: [{ studyId: study.id, note: 'first try', tags: ['baseline'] }],
        runs: [{ runId: run.id, note: '', tags: ['keep', 'lr-low'] }],
      });
      expect(await value(api.ctx, 'annotations.list')).toEqual({ studies: [{ studyId: study.id, note: 'first try', tags: ['baseline'] }], runs: [] });
      const missing = await call(api.ctx, 'annotations.setRun', { runId: 999, note: 'x' });
      expect(!missing.ok && missing.error).toMatchObject({ code: 'not_found', message: 'runId: no run 999' });

      expect(await value(api.ctx, 'trials.resolve', { studyId: study.id, trialNumber: run.trialNumber })).toEqual({ runId: run.id });
      const noTrial = await call(api.ctx, 'trials.resolve', { studyId: study.id, trialNumber: 99 });
      expect(!noTrial.ok && noTrial.error.message).toMatch(/has no trial #99/);
    } finally {
      await api.close();
    }
  });

  it('renames a dataset, refuses to delete one in use, and deletes an unused one with its cache', async () => {
    const api = openApi(tempDir());
    try {
      const { store, paths } = api.services;
      const study = await value(api.ctx, 'studies.create', { spec: tinyStudySpec(), start: false });
      const usedId = study.datasetId;
      const spareCache = path.join(paths.datasetsDir, 'spare');
      fs.mkdirSync(spareCache, { recursive: true });
      fs.writeFileSync(path.join(spareCache, 'train.x.f32'), 'x');
      store.upsertDataset(datasetMeta({ id: 'ffffffffffff0000', name: 'spare' }), spareCache);

      expect((await value(api.ctx, 'datasets.rename', { id: 'spare', name: 'spare set' })).name).toBe('spare set');
      const refused = await call(api.ctx, 'datasets.delete', { id: usedId });
      expect(!refused.ok && refused.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/is used by 1 study \("tiny"\); delete those first/) });
      expect(store.getDataset(usedId)).toBeDefined();

      expect(await value(api.ctx, 'datasets.delete', { id: 'spare set' })).toEqual({ id: 'ffffffffffff0000', name: 'spare set', removed: [spareCache] });
      expect(fs.existsSync(spareCache)).toBe(false);
      expect(store.getDataset('ffffffffffff0000')).toBeUndefined();
      const gone = await call(api.ctx, 'datasets.delete', { id: 'ffffffffffff0000' });
      expect(!gone.ok && gone.error.code).toBe('not_found');
    } finally {
      await api.close();
    }
  });
});
