import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { specToYaml } from '../../../../../src/main/core/search/load-spec';
import { tinyStudySpec } from '../../../../helpers/study-fixtures';
import { useTempDir, waitFor } from '../../../../helpers/temp-dir';
import { call, openApi, studyReaches, value } from './api-fixture';

describe('studies.* handlers on real services', () => {
  const tempDir = useTempDir();

  it('refuses YAML with errors, names every problem, and creates nothing', async () => {
    const api = openApi(tempDir());
    try {
      const yaml = specToYaml(tinyStudySpec()).replace('template: mlp', 'template: rnn').replace('maxTrials: 2', 'maxTrials: -2');
      const result = await call(api.ctx, 'studies.create', { yaml });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('invalid_input');
      expect(result.error.message).toMatch(/^yaml: template: /m);
      expect(result.error.message).toMatch(/^yaml: budget\.maxTrials: /m);

      const syntax = await call(api.ctx, 'studies.create', { yaml: 'name: x\n  bad: [1,\n' });
      expect(!syntax.ok && syntax.error.message).toMatch(/^yaml: line \d+, column \d+: /);

      expect(await value(api.ctx, 'studies.list')).toEqual([]);
      expect(api.services.store.listDatasets()).toEqual([]);
    } finally {
      await api.close();
    }
  });

  it('validates a spec by field without creating it, including a dataset never imported', async () => {
    const api = openApi(tempDir());
    try {
      const bad = await value(api.ctx, 'studies.validateSpec', { spec: { ...tinyStudySpec(), space: { learning_rate: { type: 'log-float', low: 0, high: 1 } } } });
      expect(bad.valid).toBe(false);
      expect(bad.spec).toBeNull();
      expect(bad.errors.map((e) => e.path)).toContain('space.learning_rate.low');

      const unknownData = await value(api.ctx, 'studies.validateSpec', { spec: { ...tinyStudySpec(), dataset: 'iris' } });
      expect(unknownData).toMatchObject({ valid: false, errors: [{ path: 'dataset' }] });

      const good = await value(api.ctx, 'studies.validateSpec', { yaml: specToYaml(tinyStudySpec()) });
      expect(good).toMatchObject({ valid: true, errors: [] });
      expect(good.spec?.name).toBe('tiny');
      expect(await value(api.ctx, 'studies.list')).toEqual([]);
    } finally {
      await api.close();
    }
  });

  it('creates without starting, exports YAML that creates the same spec, and deletes', async () => {
    const api = openApi(tempDir());
    try {
      const created = await value(api.ctx, 'studies.create', { spec: tinyStudySpec(), start: false });
      expect(created.status).toBe('created');
      const { yaml } = await value(api.ctx, 'studies.specYaml', { id: created.id });
      const again = await value(api.ctx, 'studies.create', { yaml: yaml.replace('name: tiny', 'name: tiny-2'), start: false });
      expect({ ...again.spec, name: 'tiny' }).toEqual(created.spec);
      expect((await value(api.ctx, 'studies.specYaml', { spec: tinyStudySpec() })).yaml).toBe(yaml);

      const paused = await call(api.ctx, 'studies.pause', { id: created.id });
      expect(!paused.ok && paused.error).toMatchObject({ code: 'conflict' });

      expect(await value(api.ctx, 'studies.delete', { id: created.id })).toEqual({ id: created.id });
      expect((await value(api.ctx, 'studies.list')).map((s) => s.name)).toEqual(['tiny-2']);
      const gone = await call(api.ctx, 'studies.get', { id: created.id });
      expect(!gone.ok && gone.error.code).toBe('not_found');
    } finally {
      await api.close();
    }
  });

  it('deletes a running study: trials stop, rows and run folders go', async () => {
    const api = openApi(tempDir());
    try {
      const spec = tinyStudySpec({ budget: { maxTrials: 3 } }, { epochs: { type: 'fixed', value: 50 } });
      const study = await value(api.ctx, 'studies.create', { spec });
      const runsDir = api.services.paths.runsDir;
      await new Promise<void>((resolve) => {
        const off = api.ctx.events.on('epoch', () => {
          off();
          resolve();
        });
      });
      const runIds = api.services.store.listRuns(study.id).map((r) => r.id);
      // A trainer reports the epoch before it writes that epoch's checkpoint: wait for the folder.
      await waitFor('a run folder on disk', () => runIds.some((id) => fs.existsSync(path.join(runsDir, String(id)))), 30_000);

      await value(api.ctx, 'studies.delete', { id: study.id });
      expect(api.services.scheduler.runningRunIds()).toEqual([]);
      expect(api.services.store.getStudy(study.id)).toBeUndefined();
      for (const id of runIds) {
        expect(api.services.store.getRun(id)).toBeUndefined();
        expect(fs.existsSync(path.join(runsDir, String(id)))).toBe(false);
      }
    } finally {
      await api.close();
    }
  });

  it('pauses and resumes a running study', async () => {
    const api = openApi(tempDir());
    try {
      const spec = tinyStudySpec({ budget: { maxTrials: 2 } }, { epochs: { type: 'fixed', value: 4 } });
      const study = await value(api.ctx, 'studies.create', { spec });
      expect(study.status).toBe('running');
      await value(api.ctx, 'studies.pause', { id: study.id });
      await studyReaches(api.ctx, study.id, ['paused']);
      const resumed = await value(api.ctx, 'studies.resume', { id: study.id });
      expect(resumed.status).toBe('running');
      await studyReaches(api.ctx, study.id, ['completed']);
      expect((await value(api.ctx, 'runs.list', { studyId: study.id })).map((r) => r.status)).toEqual(['completed', 'completed']);
    } finally {
      await api.close();
    }
  });

  it('answers a YAML alias bomb and an empty space as spec errors, not internal ones', async () => {
    const api = openApi(tempDir());
    try {
      const rows = ['a: &a [x, x, x, x, x, x, x, x, x]'];
      for (const [name, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e']]) rows.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
      const bomb = specToYaml(tinyStudySpec()).replace('space:', `${rows.join('\n')}\nspace:`);
      const created = await call(api.ctx, 'studies.create', { yaml: bomb });
      expect(!created.ok && created.error).toEqual({ code: 'invalid_input', message: 'yaml: YAML aliases (*name) expand too much (over 100 uses of an alias): not a study spec; write the values out' });
      const checked = await value(api.ctx, 'studies.validateSpec', { yaml: bomb });
      expect(checked.valid).toBe(false);
      const empty = await value(api.ctx, 'studies.validateSpec', { spec: { ...tinyStudySpec(), space: {} } });
      expect(empty.errors).toEqual([{ path: 'space', message: expect.stringMatching(/^empty, so there is nothing to search/) }]);
      expect(api.services.store.listStudies()).toEqual([]);
    } finally {
      await api.close();
    }
  });
});
