import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAUNCHED_MARKER } from '../../../../../src/main/core/api/app/first-launch';
import { readSampleStudyYaml } from '../../../../../src/main/core/api/app/sample-study';
import { repoRoot, useTempDir } from '../../../../helpers/temp-dir';
import { call, openApi, value } from './api-fixture';

describe('app.* handlers', () => {
  const tempDir = useTempDir();

  it('answers firstLaunch true once for an empty data directory, then false after a restart', async () => {
    const dataDir = tempDir();
    const first = openApi(dataDir);
    try {
      expect(await value(first.ctx, 'app.firstLaunch')).toEqual({ firstLaunch: true });
      expect(await value(first.ctx, 'app.firstLaunch')).toEqual({ firstLaunch: false });
    } finally {
      await first.close();
    }
    const second = openApi(dataDir);
    try {
      expect(await value(second.ctx, 'app.firstLaunch')).toEqual({ firstLaunch: false });
    } finally {
      await second.close();
    }
  });

  it('is not a first launch when the directory already holds data, or the marker was seeded', async () => {
    const withData = openApi(tempDir());
    try {
      await value(withData.ctx, 'datasets.preview', { id: 'sample:binary-1000x10', rows: 1 });
      expect(await value(withData.ctx, 'app.firstLaunch')).toEqual({ firstLaunch: false });
    } finally {
      await withData.close();
    }
    const seededDir = tempDir();
    fs.writeFileSync(path.join(seededDir, LAUNCHED_MARKER), 'seeded by a test\n');
    const seeded = openApi(seededDir);
    try {
      expect(await value(seeded.ctx, 'app.firstLaunch')).toEqual({ firstLaunch: false });
    } finally {
      await seeded.close();
    }
  });

  it('returns the sample study spec, valid and the same as the file in resources/', async () => {
    const api = openApi(tempDir());
    try {
      const sample = await value(api.ctx, 'app.sampleStudy');
      expect(sample.yaml).toBe(fs.readFileSync(path.join(repoRoot, 'resources', 'samples', 'mlp-binary.yaml'), 'utf8'));
      expect(sample.spec).toMatchObject({ name: 'mlp-binary', dataset: 'sample:binary-1000x10', template: 'mlp' });
      const checked = await value(api.ctx, 'studies.validateSpec', { yaml: sample.yaml });
      expect(checked.errors).toEqual([]);
    } finally {
      await api.close();
    }
  });

  it('says where it looked when the sample study is missing', () => {
    expect(() => readSampleStudyYaml(['/nonexistent-a', '/nonexistent-b'])).toThrow(/mlp-binary\.yaml.*\/nonexistent-a, \/nonexistent-b/);
  });
});

describe('datasets.preview', () => {
  const tempDir = useTempDir();

  it('previews a tabular sample: rows, class balance and finite stats', async () => {
    const api = openApi(tempDir());
    try {
      const p = await value(api.ctx, 'datasets.preview', { id: 'sample:binary-1000x10', rows: 5 });
      expect(p.kind).toBe('tabular');
      expect(p.rows).toHaveLength(5);
      expect(p.rows[0]!.features).toHaveLength(10);
      expect(p.classBalance).toHaveLength(2);
      expect(p.classBalance.reduce((n, c) => n + c.train + c.val + c.test, 0)).toBe(1000);
      expect(p.featureStats).toHaveLength(10);
      expect(p.imageGrid).toEqual([]);
    } finally {
      await api.close();
    }
  });

  it('previews an image sample as pixel arrays per class', async () => {
    const api = openApi(tempDir());
    try {
      const p = await value(api.ctx, 'datasets.preview', { id: 'sample:shapes-16', perClass: 3 });
      expect(p.inputShape).toEqual([16, 16, 1]);
      expect(p.rows).toEqual([]);
      expect(p.imageGrid.length).toBe(p.classBalance.length);
      for (const group of p.imageGrid) {
        expect(group.images).toHaveLength(3);
        expect(group.images[0]).toHaveLength(256);
        expect(Math.max(...group.images[0]!)).toBeLessThanOrEqual(255);
      }
    } finally {
      await api.close();
    }
  });

  it('names the dataset it cannot find', async () => {
    const api = openApi(tempDir());
    try {
      const missing = await call(api.ctx, 'datasets.preview', { id: 'no-such-dataset' });
      expect(!missing.ok && missing.error).toMatchObject({ code: 'not_found' });
      expect(!missing.ok && missing.error.message).toMatch(/no-such-dataset/);
    } finally {
      await api.close();
    }
  });
});
