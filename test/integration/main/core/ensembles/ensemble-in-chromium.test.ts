import fs from 'node:fs';
import path from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { readSplit } from '../../../../../src/formats/dataset-cache';
import { createEnsemble, evaluateEnsemble } from '../../../../../src/main/core/actions/ensembles';
import { exportEnsemble } from '../../../../../src/main/core/export/export-ensemble';
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
 * An ensemble from the study to the browser: runs → greedy ensemble scored on validation in a trainer
 * process → ONE bundle → tf.loadLayersModel in Chromium → the weighted mean of the members' predictions.
 */
describe('ensemble of runs', () => {
  const tempDir = useTempDir();

  it('is scored on validation, recorded with its members, exported as one bundle that Chromium loads and that predicts the members’ weighted mean', async () => {
    assertBuilt();
    const dataDir = tempDir();
    const s = new Services({ dataDir, launcher: new NodeLauncher(trainerScript), concurrency: 2 });
    let ensembleDir: string;
    let memberDirs: { dir: string; weight: number }[];
    let rows: number[][];
    try {
      const study = s.createStudy(tinyStudySpec({ budget: { maxTrials: 4 } }, { epochs: { type: 'fixed', value: 4 }, units: { type: 'choice', values: [4, 8, 16] } }));
      await s.scheduler.startStudy(study.id);
      const runs = s.store.listRuns(study.id);
      expect(runs.every((r) => r.status === 'completed')).toBe(true);

      const topK = await createEnsemble(s, { studyId: study.id, top: 3 });
      expect(topK.method).toBe('top-k');
      expect(topK.members.map((m) => m.weight)).toEqual([1, 1, 1]);
      // The members are the study's three best runs, best first.
      const ranked = [...runs].sort((a, b) => a.bestObjective! - b.bestObjective!);
      expect(topK.members.map((m) => m.runId)).toEqual(ranked.slice(0, 3).map((r) => r.id));
      // Members' validation scores are recomputed with the ensemble's: their data loss is what the
      // trainer reported at the saved epoch, less the (zero here) weight penalty.
      for (const m of topK.members) {
        const run = s.store.getRun(m.runId)!;
        expect(m.valMetrics.val_loss).toBeCloseTo(run.bestObjective!, 4);
      }

      const greedy = await createEnsemble(s, { studyId: study.id, greedy: true, top: 4, iterations: 12 });
      expect(greedy.method).toBe('greedy');
      expect(greedy.trace).toHaveLength(12);
      const bestStep = Math.min(...greedy.trace!);
      expect(greedy.valMetrics.val_loss).toBeCloseTo(bestStep, 5);
      expect(greedy.members.reduce((n, m) => n + m.weight, 0)).toBe(greedy.trace!.indexOf(bestStep) + 1);
      // Greedy starts from the best single member, so it is never worse than it.
      expect(greedy.valMetrics.val_loss).toBeLessThanOrEqual(Math.min(...greedy.members.map((m) => m.valMetrics.val_loss!)) + 1e-9);
      expect(s.store.ensembles.list(study.id).map((e) => e.id)).toEqual([topK.id, greedy.id]);

      // The test split: once, recorded with who asked; a second look needs force.
      const look = await evaluateEnsemble(s, greedy.id, { requestedBy: 'test' });
      expect(Object.keys(look.metrics).sort()).toEqual(['test_accuracy', 'test_f1', 'test_loss', 'test_precision', 'test_recall']);
      expect(look.requestedBy).toBe('test');
      await expect(evaluateEnsemble(s, greedy.id)).rejects.toThrow(/already evaluated on the test split.*--force/);
      expect(s.store.ensembles.get(greedy.id)!.evaluations).toHaveLength(1);

      ensembleDir = exportEnsemble(s.store, greedy.id, path.join(dataDir, 'ensemble')).dir;
      memberDirs = greedy.members.map((m) => ({ dir: exportRun(s.store, m.runId, path.join(dataDir, `member-${m.runId}`)).dir, weight: m.weight }));
      const dataset = s.store.getDataset(study.datasetId)!;
      const val = readSplit(dataset.cacheDir, dataset.meta, 'val');
      const width = dataset.meta.inputShape[0]!;
      rows = Array.from({ length: 12 }, (_, i) => Array.from(val.x.subarray(i * width, (i + 1) * width)));
    } finally {
      await s.close();
    }
    const files = fs.readdirSync(ensembleDir).sort();
    expect(files).toContain('model.json');
    expect(files).toContain('hparam-studio.json');
    const meta = JSON.parse(fs.readFileSync(path.join(ensembleDir, 'hparam-studio.json'), 'utf8'));
    expect(meta).toMatchObject({ format: 'hparam-studio-tfjs-export', template: 'ensemble', input: { shape: [10] } });
    expect(meta.ensemble.members).toHaveLength(memberDirs.length);

    await tf.setBackend('cpu');
    const each = await Promise.all(memberDirs.map((m) => predictFromBundle(m.dir, rows)));
    const total = memberDirs.reduce((n, m) => n + m.weight, 0);
    const mean = rows.map((_, i) => [each.reduce((sum, p, j) => sum + memberDirs[j]!.weight * p[i]![0]!, 0) / total]);
    const inNode = await predictFromBundle(ensembleDir, rows);
    inNode.forEach((r, i) => expect(r[0]).toBeCloseTo(mean[i]![0]!, 5));

    const server = await serveStatic({ '/bundle/': ensembleDir, '/tf-core/': tfDist('tfjs-core'), '/tf-layers/': tfDist('tfjs-layers'), '/tf-cpu/': tfDist('tfjs-backend-cpu') });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${server.url}/bundle/hparam-studio.json`);
      for (const src of ['/tf-core/tf-core.min.js', '/tf-cpu/tf-backend-cpu.min.js', '/tf-layers/tf-layers.min.js']) await page.addScriptTag({ url: server.url + src });
      const got = await page.evaluate(async (input: number[][]) => {
        const tfb = (window as unknown as { tf: any }).tf;
        await tfb.setBackend('cpu');
        const m = await (await fetch('/bundle/hparam-studio.json')).json();
        const { mean: mu, std } = m.input.normalization as { mean: number[]; std: number[] };
        const normalized = input.map((r) => r.map((v, j) => (v - mu[j]!) / (std[j]! || 1)));
        const model = await tfb.loadLayersModel('/bundle/model.json');
        const out = model.predict(tfb.tensor2d(normalized, [input.length, m.input.shape[0]]));
        return { values: (await out.array()) as number[][], layers: model.layers.length as number };
      }, rows);
      expect(got.layers).toBeGreaterThan(memberDirs.length * 2);
      got.values.forEach((r, i) => expect(r[0]).toBeCloseTo(mean[i]![0]!, 5));
      expect(new Set(got.values.map((r) => r[0]!.toFixed(3))).size).toBeGreaterThan(4);
    } finally {
      await browser.close();
      await server.close();
    }
  });

  it('needs two finished runs, and refuses runs of another study', async () => {
    assertBuilt();
    const s = new Services({ dataDir: tempDir(), launcher: new NodeLauncher(trainerScript), concurrency: 1 });
    try {
      const study = s.createStudy(tinyStudySpec({ budget: { maxTrials: 1 } }, { epochs: { type: 'fixed', value: 1 } }));
      const other = s.createStudy(tinyStudySpec({ name: 'other', budget: { maxTrials: 1 } }, { epochs: { type: 'fixed', value: 1 } }));
      await s.scheduler.startStudy(study.id);
      await s.scheduler.startStudy(other.id);
      await expect(createEnsemble(s, { studyId: study.id })).rejects.toThrow(/has 1 finished run\(s\) with a saved model; an ensemble needs at least 2/);
      const mine = s.store.listRuns(study.id)[0]!.id;
      const theirs = s.store.listRuns(other.id)[0]!.id;
      await expect(createEnsemble(s, { studyId: study.id, runIds: [mine, theirs] })).rejects.toThrow(new RegExp(`runIds: run ${theirs} is not a run of study tiny`));
    } finally {
      await s.close();
    }
  });
});
