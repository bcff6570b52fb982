import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTINGS_FILE } from '../../../../../src/main/core/settings';
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
      expect(saved).toEqual({ backend: 'cpu', concurrency: 3, gpuTrials: 2, dataDir });
      // Only what the user chose is stored.
      expect(JSON.parse(fs.readFileSync(path.join(dataDir, SETTINGS_FILE), 'utf8'))).toEqual({ concurrency: 3, backend: 'cpu' });
    } finally {
      await first.close();
    }
    const second = openApi(dataDir);
    try {
      expect(await value(second.ctx, 'settings.get')).toEqual({ backend: 'cpu', concurrency: 3, gpuTrials: 2, dataDir });
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
