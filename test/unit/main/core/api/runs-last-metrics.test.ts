import { describe, expect, it } from 'vitest';
import { tinyStudySpec } from '../../../../helpers/study-fixtures';
import { useTempDir } from '../../../../helpers/temp-dir';
import { call, openApi, value } from './api-fixture';

describe('runs.lastMetrics', () => {
  const tempDir = useTempDir();

  it('answers the last value of each metric per run that has epochs, only the names asked for', async () => {
    const api = openApi(tempDir());
    try {
      const study = await value(api.ctx, 'studies.create', { spec: tinyStudySpec(), start: false });
      const { store } = api.services;
      const objective = { metric: 'val_loss', direction: 'minimize' as const };
      const a = store.createRun({ studyId: study.id, params: { learning_rate: 0.001 }, seed: 1 });
      const b = store.createRun({ studyId: study.id, params: { learning_rate: 0.002 }, seed: 2 });
      store.createRun({ studyId: study.id, params: { learning_rate: 0.003 }, seed: 3 }); // no epoch yet
      store.recordEpochs(a.id, [
        { epoch: 1, metrics: { val_loss: 0.9, val_accuracy: 0.5 }, wallTime: 1 },
        { epoch: 2, metrics: { val_loss: 0.7, val_accuracy: 0.6 }, wallTime: 2 },
      ], objective);
      store.recordEpochs(b.id, [{ epoch: 1, metrics: { val_loss: Number.NaN, val_accuracy: 0.4 }, wallTime: 1 }], objective);

      const all = await value(api.ctx, 'runs.lastMetrics', { studyId: study.id });
      expect(all).toEqual([
        { runId: a.id, metrics: { val_accuracy: 0.6, val_loss: 0.7 } },
        { runId: b.id, metrics: { val_accuracy: 0.4, val_loss: null } },
      ]);
      const named = await value(api.ctx, 'runs.lastMetrics', { studyId: study.id, names: ['val_accuracy'] });
      expect(named.map((r) => r.metrics)).toEqual([{ val_accuracy: 0.6 }, { val_accuracy: 0.4 }]);

      const missing = await call(api.ctx, 'runs.lastMetrics', { studyId: 999 });
      expect(!missing.ok && missing.error.code).toBe('not_found');
    } finally {
      await api.close();
    }
  });
});
