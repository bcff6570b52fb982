/**
 * Ensembles against the best single run (issue 12), on a built-in sample: a study from a sample spec,
 * then the study's best run alone (the reference, scored in the same trainer job as the ensembles, so
 * every number is computed the same way), the average of the top 3, and greedy selection with
 * replacement over every finished run — on the validation split (what greedy selection chose by, so its
 * number there is optimistic), then each once on the held-out test split (the honest comparison).
 *
 *   npm run build:node && node scripts/run-ts.mjs bench/ensembles.ts [spec.yaml …]
 *   (default: resources/samples/mlp-binary.yaml resources/samples/cnn-shapes.yaml)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEnsemble, evaluateEnsemble } from '../src/main/core/actions/ensembles';
import { NodeLauncher } from '../src/main/core/scheduler/launcher-node';
import { loadStudySpecFile } from '../src/main/core/search/load-spec';
import { Services } from '../src/main/core/services';
import type { EnsembleRow } from '../src/main/core/store/ensembles';

const root = path.resolve(__dirname, '..', '..');
const trainer = path.join(root, 'out', 'node', 'trainer.js');
const specs = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['resources/samples/mlp-binary.yaml', 'resources/samples/cnn-shapes.yaml'];
const fmt = (v: number | undefined) => (v === undefined ? '—' : v.toFixed(4));

function bestMember(e: EnsembleRow, metric: string, minimize: boolean) {
  return [...e.members].sort((a, b) => (minimize ? 1 : -1) * ((a.valMetrics[metric] ?? 0) - (b.valMetrics[metric] ?? 0)))[0]!;
}

async function measure(specFile: string): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hps-bench-ensembles-'));
  const s = new Services({ dataDir, launcher: new NodeLauncher(trainer), concurrency: Math.max(1, Math.min(2, os.availableParallelism())) });
  try {
    const spec = loadStudySpecFile(path.resolve(root, specFile));
    const study = s.createStudy(spec);
    const t0 = performance.now();
    await s.scheduler.startStudy(study.id);
    const trainSec = (performance.now() - t0) / 1000;
    const finished = s.store.listRuns(study.id).filter((r) => r.status === 'completed' || r.status === 'pruned');
    const metric = study.objectiveMetric;
    const minimize = study.objectiveDirection === 'minimize';
    const top3 = await createEnsemble(s, { studyId: study.id, top: 3 });
    const greedy = await createEnsemble(s, { studyId: study.id, greedy: true, top: finished.length });
    const single = bestMember(greedy, metric, minimize);
    const names = [...new Set([metric, ...Object.keys(top3.valMetrics)])];
    console.log(`\n${spec.name} (${spec.dataset}, ${spec.template}, ${finished.length} finished runs in ${trainSec.toFixed(0)} s), objective ${metric} (${study.objectiveDirection}); validation split, then test`);
    console.log(`${'metric'.padEnd(15)} ${'best single run'.padStart(16)} ${'top-3 average'.padStart(14)} ${'greedy'.padStart(10)}`);
    for (const n of names) console.log(`${n.padEnd(15)} ${fmt(single.valMetrics[n]).padStart(16)} ${fmt(top3.valMetrics[n]).padStart(14)} ${fmt(greedy.valMetrics[n]).padStart(10)}`);
    const testName = metric.replace(/^val_/, 'test_');
    const tests = [(await s.evaluateRun(single.runId, { requestedBy: 'bench' })).metrics, (await evaluateEnsemble(s, top3.id, { requestedBy: 'bench' })).metrics, (await evaluateEnsemble(s, greedy.id, { requestedBy: 'bench' })).metrics];
    for (const n of [testName, testName === 'test_loss' ? 'test_accuracy' : 'test_loss']) {
      console.log(`${n.padEnd(15)} ${fmt(tests[0]![n]).padStart(16)} ${fmt(tests[1]![n]).padStart(14)} ${fmt(tests[2]![n]).padStart(10)}`);
    }
    console.log(`best single run: trial ${single.trialNumber}; top-3: trials ${top3.members.map((m) => m.trialNumber).join(', ')}; greedy: ${greedy.members.map((m) => `trial ${m.trialNumber}×${m.weight}`).join(', ')}`);
  } finally {
    await s.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

(async () => {
  if (!fs.existsSync(trainer)) throw new Error(`${trainer} is missing: run 'npm run build:node' first`);
  for (const spec of specs) await measure(spec);
})().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
