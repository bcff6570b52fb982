/**
 * Fine-tuning against training from scratch at equal epochs (issue 12), on the built-in samples:
 * a CNN pre-trained on sample:shapes-16 (resources/samples/transfer-pretrain.yaml) is fine-tuned on the
 * small sample:new-shapes-16 (transfer-finetune.yaml: 4 head epochs + 4 fine-tuning epochs), next to
 * the same network trained from random weights for the same 8 epochs (transfer-scratch.yaml). Both
 * train every configuration 5 times (repeats), so the figures are means ± std over seeds; each run is
 * then scored once on the test split.
 *
 *   npm run build:node && node scripts/run-ts.mjs bench/transfer-vs-scratch.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NodeLauncher } from '../src/main/core/scheduler/launcher-node';
import { loadStudySpecFile } from '../src/main/core/search/load-spec';
import { Services } from '../src/main/core/services';
import { importRunAsBaseModel } from '../src/main/core/transfer/base-models';

const root = path.resolve(__dirname, '..', '..');
const trainer = path.join(root, 'out', 'node', 'trainer.js');
const spec = (name: string) => loadStudySpecFile(path.join(root, 'resources', 'samples', name));

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs: number[]) => Math.sqrt(xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / Math.max(1, xs.length - 1));
const pm = (xs: number[]) => `${mean(xs).toFixed(3)} ± ${std(xs).toFixed(3)}`;

async function main(): Promise<void> {
  if (!fs.existsSync(trainer)) throw new Error(`${trainer} is missing: run 'npm run build:node' first`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hps-bench-transfer-'));
  const s = new Services({ dataDir, launcher: new NodeLauncher(trainer), concurrency: Math.max(1, Math.min(2, os.availableParallelism())) });
  try {
    const pre = s.createStudy(spec('transfer-pretrain.yaml'));
    await s.scheduler.startStudy(pre.id);
    const source = s.store.listRuns(pre.id)[0]!;
    importRunAsBaseModel(s.store, dataDir, source.id, 'shapes-base');
    const epochOf = (runId: number, name: string) => s.store.getMetrics(runId, [name]).map((m) => m.value ?? NaN);
    const results: Record<string, { curves: number[][]; losses: number[][]; test: number[] }> = {};
    for (const file of ['transfer-finetune.yaml', 'transfer-scratch.yaml']) {
      const study = s.createStudy(spec(file));
      await s.scheduler.startStudy(study.id);
      const runs = s.store.listRuns(study.id).filter((r) => r.status === 'completed');
      const test: number[] = [];
      for (const r of runs) test.push((await s.evaluateRun(r.id, { requestedBy: 'bench' })).metrics.test_accuracy!);
      results[file] = { curves: runs.map((r) => epochOf(r.id, 'val_accuracy')), losses: runs.map((r) => epochOf(r.id, 'val_loss')), test };
    }
    const ft = results['transfer-finetune.yaml']!;
    const sc = results['transfer-scratch.yaml']!;
    const preAcc = s.store.getRun(source.id)!.bestObjective!;
    console.log(`pre-trained on sample:shapes-16: val_accuracy ${preAcc.toFixed(3)}; fine-tune set sample:new-shapes-16 (60 training images), ${ft.curves.length} seeds each`);
    console.log(`${'epoch'.padEnd(6)} ${'fine-tuned val_accuracy'.padStart(24)} ${'from scratch'.padStart(16)}   ${'fine-tuned val_loss'.padStart(20)} ${'from scratch'.padStart(16)}`);
    const epochs = Math.max(...ft.curves.map((c) => c.length));
    for (let e = 0; e < epochs; e++) {
      const at = (cs: number[][]) => cs.map((c) => c[e]!).filter((v) => Number.isFinite(v));
      console.log(`${String(e + 1).padEnd(6)} ${pm(at(ft.curves)).padStart(24)} ${pm(at(sc.curves)).padStart(16)}   ${pm(at(ft.losses)).padStart(20)} ${pm(at(sc.losses)).padStart(16)}`);
    }
    console.log(`${'best'.padEnd(6)} ${pm(ft.curves.map((c) => Math.max(...c))).padStart(24)} ${pm(sc.curves.map((c) => Math.max(...c))).padStart(16)}`);
    console.log(`${'test'.padEnd(6)} ${pm(ft.test).padStart(24)} ${pm(sc.test).padStart(16)}   (test_accuracy of the final checkpoint, once per run)`);
  } finally {
    await s.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
