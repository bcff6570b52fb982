import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../../../src/main/core/api/dispatch';
import { API_METHODS } from '../../../../../src/shared/contract';
import { handlers } from '../../../../../src/main/core/api/handlers';
import { useTempDir } from '../../../../helpers/temp-dir';
import { openApi, value } from './api-fixture';

describe('dispatch', () => {
  const tempDir = useTempDir();

  it('has a handler for every contract method and nothing else', () => {
    expect(Object.keys(handlers).sort()).toEqual([...API_METHODS].sort());
  });

  it('answers unknown methods and bad inputs with codes and field paths', async () => {
    const api = openApi(tempDir());
    try {
      expect(await dispatch('studies.explode', {}, api.ctx)).toEqual({ ok: false, error: { code: 'not_found', message: 'method: unknown API method "studies.explode"' } });
      expect(await dispatch('runs.list', { studyId: 'x' }, api.ctx)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/^runs\.list: studyId: /) } });
      expect(await dispatch('toString', undefined, api.ctx)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    } finally {
      await api.close();
    }
  });

  it('turns an unexpected failure into "internal" with its message and no stack', async () => {
    const api = openApi(tempDir());
    try {
      api.services.store.close(); // every query now throws a plain TypeError from better-sqlite3
      const result = await dispatch('studies.list', undefined, api.ctx);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(['internal', 'io_error']).toContain(result.error.code);
      expect(result.error.message).not.toMatch(/\n\s+at /);
    } finally {
      await api.ctx.services.scheduler.shutdown();
    }
  });

  it('lists the built-in samples and imported datasets', async () => {
    const api = openApi(tempDir());
    try {
      const samples = await value(api.ctx, 'datasets.samples');
      expect(samples.map((s) => s.name)).toContain('sample:binary-1000x10');
      expect(await value(api.ctx, 'datasets.list')).toEqual([]);
      await value(api.ctx, 'studies.create', { yaml: 'name: a\ndataset: sample:binary-1000x10\ntemplate: mlp\nbudget: {maxTrials: 1}\nspace: {epochs: 1}\n', start: false });
      const [ds] = await value(api.ctx, 'datasets.list');
      expect(ds?.name).toBe('sample:binary-1000x10');
      expect((await value(api.ctx, 'datasets.get', { id: 'sample:binary-1000x10' })).id).toBe(ds?.id);
    } finally {
      await api.close();
    }
  });
});
