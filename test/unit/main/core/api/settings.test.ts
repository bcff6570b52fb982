import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTINGS_FILE } from '../../../../../src/main/core/settings';
import { tinyStudySpec } from '../../../../helpers/study-fixtures';
import { useTempDir } from '../../../../helpers/temp-dir';
import { call, openApi, value } from './api-fixture';

describe('settings.* handlers', () => {
  const tempDir = useTempDir();

  it('round-trips through the settings file and survives a restart', async () => {
    const dataDir = tempDir();
    const first = openApi(dataDir);
    try {
      const defaults = await value(first.ctx, 'settings.get');
      expect(defaults).toMatchObject({ backend: 'auto', gpuTrials: 2, dataDir });
      expect(defaults.concurrency).toBeGreaterThanOrEqual(1);
      const saved = await value(first.ctx, 'settings.set', { concurrency: 3, backend: 'cpu' });
      expect(saved).toEqual({ backend: 'cpu', concurrency: 3, gpuTrials: 2, redisUrl: null, runOnWorkers: false, dataDir });
      // Only what the user chose is stored.
      expect(JSON.parse(fs.readFileSync(path.join(dataDir, SETTINGS_FILE), 'utf8'))).toEqual({ concurrency: 3, backend: 'cpu' });
    } finally {
      await first.close();
    }
    const second = openApi(dataDir);
    try {
      expect(await value(second.ctx, 'settings.get')).toEqual({ backend: 'cpu', concurrency: 3, gpuTrials: 2, redisUrl: null, runOnWorkers: false, dataDir });
      // Trials per GPU reach the scheduler's device pool at once, and are stored like the rest.
      expect(await value(second.ctx, 'settings.set', { gpuTrials: 4 })).toMatchObject({ gpuTrials: 4 });
      expect(second.services.scheduler.devices.currentLimits).toEqual({ cpuTrials: 1, trialsPerGpu: 4 }); // openApi fixes concurrency 1
      expect((await value(second.ctx, 'devices.list')).gpuTrials).toBe(4);
      expect(await call(second.ctx, 'settings.set', { gpuTrials: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      const readOnly = await call(second.ctx, 'settings.set', { dataDir: '/elsewhere' } as never);
      expect(!readOnly.ok && readOnly.error.code).toBe('invalid_input');
    } finally {
      await second.close();
    }
  });

  it("keeps the workers' Redis password out of every answer, and keeps it when the redacted URL is saved back", async () => {
    const dataDir = tempDir();
    const api = openApi(dataDir);
    try {
      const saved = await value(api.ctx, 'settings.set', { redisUrl: 'redis://ops:s3cret@queue.lab:6380/2', runOnWorkers: true });
      expect(saved).toMatchObject({ redisUrl: 'redis://ops:***@queue.lab:6380/2', runOnWorkers: true });
      expect(JSON.stringify(await value(api.ctx, 'settings.get'))).not.toContain('s3cret');
      // The form sends back what it shows: the stored password stays.
      await value(api.ctx, 'settings.set', { redisUrl: 'redis://ops:***@queue.lab:6381/2' });
      expect(JSON.parse(fs.readFileSync(path.join(dataDir, SETTINGS_FILE), 'utf8')).redisUrl).toBe('redis://ops:s3cret@queue.lab:6381/2');
      const bad = await call(api.ctx, 'settings.set', { redisUrl: 'http://queue.lab' });
      expect(!bad.ok && bad.error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^redisUrl: expected a redis:\/\/ or rediss:\/\/ URL/) });
      // New studies without an executor of their own go to the workers.
      const study = await value(api.ctx, 'studies.create', { spec: tinyStudySpec(), start: false });
      expect(study.spec.executor).toEqual({ type: 'bullmq' });
    } finally {
      await api.close();
    }
  });

  it('starts with defaults when the settings file is damaged', async () => {
    const dataDir = tempDir();
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, SETTINGS_FILE), '{ "concurrency": ');
    const api = openApi(dataDir);
    try {
      expect((await value(api.ctx, 'settings.get')).backend).toBe('auto');
    } finally {
      await api.close();
    }
  });
});
