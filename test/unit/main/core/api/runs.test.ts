import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tinyStudySpec } from '../../../../helpers/study-fixtures';
import { execFileSync } from 'node:child_process';
import { createApiContext, type ApiContext } from '../../../../../src/main/core/api/context';
import { useTempDir } from '../../../../helpers/temp-dir';
import { call, openApi, studyReaches, value } from './api-fixture';

/**
 * Export targets that once hung the server (procfs: Node's recursive mkdir spins forever) or are no
 * folder at all: each answers an error naming the path, and no partial bundle is left anywhere.
 */
async function expectBadExportTargets(ctx: ApiContext, runId: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(path.dirname(ctx.services.paths.dataDir), 'export-targets-'));
  try {
    if (process.platform === 'linux') {
      const proc = await call(ctx, 'runs.export', { runId, dir: '/proc/1/nope' });
      expect(!proc.ok && proc.error).toEqual({ code: 'invalid_input', message: 'export folder /proc/1/nope: lies in procfs (/proc), a kernel file system, not a place for data; choose a folder on a disk' });
      const fifo = path.join(dir, 'pipe');
      execFileSync('mkfifo', [fifo]);
      const toFifo = await call(ctx, 'runs.export', { runId, dir: fifo });
      expect(!toFifo.ok && toFifo.error.message).toBe(`export folder ${fifo}: a named pipe (FIFO), not a file: reading it would wait for a writer forever; choose a new or empty folder`);
    }
    const file = path.join(dir, 'taken.txt');
    fs.writeFileSync(file, 'x');
    const underFile = await call(ctx, 'runs.export', { runId, dir: path.join(file, 'model') });
    expect(!underFile.ok && underFile.error.message).toBe(`export folder ${path.join(file, 'model')}: ${file} is a file, not a folder`);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);

    // A server open to the network writes only into its data folder.
    const confined = createApiContext(ctx.services, { access: 'confined' });
    try {
      const refused = await call(confined, 'runs.export', { runId, dir: path.join(dir, 'model') });
      expect(!refused.ok && refused.error.code).toBe('unauthorized');
      expect(fs.existsSync(path.join(dir, 'model'))).toBe(false);
    } finally {
      confined.dispose();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('runs.* handlers on real services', () => {
  const tempDir = useTempDir();

  it('clones a finished run into a started study, exports it and reads its confusion matrix', async () => {
    const api = openApi(tempDir());
    try {
      const study = await value(api.ctx, 'studies.create', { spec: tinyStudySpec({ budget: { maxTrials: 1 } }) });
      await studyReaches(api.ctx, study.id, ['completed']);
      const [parent] = await value(api.ctx, 'runs.list', { studyId: study.id });
      expect(parent?.status).toBe('completed');
      if (!parent) return;

      const detail = await value(api.ctx, 'runs.get', { runId: parent.id });
      expect(detail).toMatchObject({ canExport: true, exports: [], parentRunId: null });
      const curve = await value(api.ctx, 'runs.metrics', { runId: parent.id, names: ['val_loss'] });
      expect(curve.map((p) => p.step)).toEqual([1, 2, 3]);

      // An override the template refuses creates nothing.
      const refused = await call(api.ctx, 'runs.clone', { runId: parent.id, params: { units: 0 } });
      expect(!refused.ok && refused.error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^params\.units: /) });
      const unknown = await call(api.ctx, 'runs.clone', { runId: parent.id, params: { unitz: 4 } });
      expect(!unknown.ok && unknown.error.message).toMatch(/"unitz" not a hyperparameter of the mlp template/);
      expect(api.services.store.listRuns(study.id)).toHaveLength(1);

      const clone = await value(api.ctx, 'runs.clone', { runId: parent.id, params: { learning_rate: 0.005 }, seed: 'new' });
      expect(clone).toMatchObject({ status: 'queued', parentRunId: parent.id, trialNumber: 2, params: { ...parent.params, learning_rate: 0.005 } });
      expect(clone.seed).not.toBe(parent.seed);
      await studyReaches(api.ctx, study.id, ['completed']);
      const cloneDone = await value(api.ctx, 'runs.get', { runId: clone.id });
      expect(cloneDone.status).toBe('completed');
      // The clone took the slot; the search was not asked for more (budget was 1 trial).
      expect(api.services.store.listRuns(study.id)).toHaveLength(2);

      const exported = await value(api.ctx, 'runs.export', { runId: parent.id });
      expect(exported.dir).toBe(path.join(api.services.paths.dataDir, 'exports', 'tiny-trial-1'));
      for (const f of ['model.json', 'hparam-studio.json']) expect(exported.files).toContain(f);
      for (const f of exported.files) expect(fs.existsSync(path.join(exported.dir, f))).toBe(true);
      expect(exported.download).toBe('/api/exports/tiny-trial-1.zip');
      await expectBadExportTargets(api.ctx, parent.id);
      const second = await value(api.ctx, 'runs.export', { runId: parent.id });
      expect(second.dir).toBe(`${exported.dir}-2`);
      expect((await value(api.ctx, 'runs.get', { runId: parent.id })).exports.map((e) => e.dir)).toEqual([exported.dir, second.dir]);

      const confusion = await value(api.ctx, 'runs.confusion', { runId: parent.id });
      expect(confusion?.classNames).toHaveLength(2);
      expect(confusion?.matrix).toHaveLength(2);
      const total = confusion?.matrix.flat().reduce((a, b) => a + b, 0);
      expect(total).toBe(api.services.store.getDataset(study.datasetId)?.meta.splits.val);

      const cancelDone = await call(api.ctx, 'runs.cancel', { runId: parent.id });
      expect(!cancelDone.ok && cancelDone.error.code).toBe('conflict');
      const stopDone = await call(api.ctx, 'runs.stopEarly', { runId: parent.id });
      expect(!stopDone.ok && stopDone.error.code).toBe('conflict');
    } finally {
      await api.close();
    }
  });

  it('answers not_found for runs that do not exist, and refuses a relative export path', async () => {
    const api = openApi(tempDir());
    try {
      const missing = await call(api.ctx, 'runs.get', { runId: 999 });
      expect(!missing.ok && missing.error).toEqual({ code: 'not_found', message: 'runId: no run 999' });
      const relative = await call(api.ctx, 'runs.export', { runId: 1, dir: 'model' });
      expect(!relative.ok && relative.error).toEqual({ code: 'invalid_input', message: 'runs.export: dir: must be an absolute path' });
    } finally {
      await api.close();
    }
  });
});
