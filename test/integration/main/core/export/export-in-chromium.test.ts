import fs from 'node:fs';
import path from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { readSplit } from '../../../../../src/formats/dataset-cache';
import { exportRun } from '../../../../../src/main/core/export/export-run';
import { NodeLauncher } from '../../../../../src/main/core/scheduler/launcher-node';
import { Services } from '../../../../../src/main/core/services';
import { predictFromBundle } from '../../../../../src/trainer/predict';
import { launchChromium } from '../../../../helpers/chromium';
import { serveStatic } from '../../../../helpers/static-server';
import { tinyStudySpec } from '../../../../helpers/study-fixtures';
import { assertBuilt, repoRoot, trainerScript, useTempDir } from '../../../../helpers/temp-dir';

const tfDist = (pkg: string) => path.join(repoRoot, 'node_modules', '@tensorflow', pkg, 'dist');

/**
 * Export → reload in a real browser → same predictions. The bundle is loaded the way a user's web page
 * would: tf.loadLayersModel over HTTP in Chromium, inputs normalized with the bundle's metadata.
 */
describe('exported TensorFlow.js bundle', () => {
  const tempDir = useTempDir();

  it('loads in Chromium with tf.loadLayersModel and predicts what the trainer predicts', async () => {
    assertBuilt();
    const dataDir = tempDir();
    const s = new Services({ dataDir, launcher: new NodeLauncher(trainerScript), concurrency: 1 });
    let bundleDir: string;
    let rows: number[][];
    try {
      const study = s.createStudy(tinyStudySpec({ budget: { maxTrials: 1 } }, { epochs: { type: 'fixed', value: 4 } }));
      await s.scheduler.startStudy(study.id);
      const [run] = s.store.leaderboard(study.id, 1);
      expect(run?.status).toBe('completed');
      bundleDir = exportRun(s.store, run!.id, path.join(dataDir, 'export')).dir;
      const dataset = s.store.getDataset(study.datasetId)!;
      const val = readSplit(dataset.cacheDir, dataset.meta, 'val');
      const width = dataset.meta.inputShape[0]!;
      rows = Array.from({ length: 16 }, (_, i) => Array.from(val.x.subarray(i * width, (i + 1) * width)));
    } finally {
      await s.close();
    }
    expect(fs.readdirSync(bundleDir).sort()).toEqual(['hparam-studio.json', 'model.json', 'weights.bin']);

    await tf.setBackend('cpu');
    const expected = await predictFromBundle(bundleDir, rows);
    expect(expected).toHaveLength(16);

    const server = await serveStatic({
      '/bundle/': bundleDir,
      '/tf-core/': tfDist('tfjs-core'),
      '/tf-layers/': tfDist('tfjs-layers'),
      '/tf-cpu/': tfDist('tfjs-backend-cpu'),
    });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${server.url}/bundle/hparam-studio.json`); // same origin for fetches below
      for (const src of ['/tf-core/tf-core.min.js', '/tf-cpu/tf-backend-cpu.min.js', '/tf-layers/tf-layers.min.js']) {
        await page.addScriptTag({ url: server.url + src });
      }
      const got = await page.evaluate(async (input: number[][]) => {
        const w = window as unknown as { tf: any };
        const tfb = w.tf;
        await tfb.setBackend('cpu');
        const meta = await (await fetch('/bundle/hparam-studio.json')).json();
        const { mean, std } = meta.input.normalization as { mean: number[]; std: number[] };
        const normalized = input.map((r) => r.map((v, j) => (v - mean[j]!) / (std[j]! || 1)));
        const model = await tfb.loadLayersModel('/bundle/model.json');
        const out = model.predict(tfb.tensor2d(normalized, [input.length, meta.input.shape[0]]));
        return (await out.array()) as number[][];
      }, rows);
      expect(got).toHaveLength(16);
      for (let i = 0; i < 16; i++) {
        for (let j = 0; j < expected[i]!.length; j++) expect(got[i]![j]).toBeCloseTo(expected[i]![j]!, 5);
      }
      // The model really learned something: predictions are not all the same.
      expect(new Set(got.map((r) => r[0]!.toFixed(3))).size).toBeGreaterThan(4);
    } finally {
      await browser.close();
      await server.close();
    }
  });

  it('refuses to export into a non-empty directory and leaves it untouched', async () => {
    assertBuilt();
    const dataDir = tempDir();
    const s = new Services({ dataDir, launcher: new NodeLauncher(trainerScript), concurrency: 1 });
    try {
      const study = s.createStudy(tinyStudySpec({ budget: { maxTrials: 1 } }, { epochs: { type: 'fixed', value: 1 } }));
      await s.scheduler.startStudy(study.id);
      const [run] = s.store.listRuns(study.id);
      const target = path.join(dataDir, 'occupied');
      fs.mkdirSync(target);
      fs.writeFileSync(path.join(target, 'keep.txt'), 'mine');
      expect(() => exportRun(s.store, run!.id, target)).toThrow(/not empty/);
      expect(fs.readdirSync(target)).toEqual(['keep.txt']);
      expect(() => exportRun(s.store, 9999, path.join(dataDir, 'x'))).toThrow(/run 9999 does not exist/);
    } finally {
      await s.close();
    }
  });
});
