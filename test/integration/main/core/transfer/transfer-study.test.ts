import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportRun } from '../../../../../src/main/core/export/export-run';
import { NodeLauncher } from '../../../../../src/main/core/scheduler/launcher-node';
import { Services } from '../../../../../src/main/core/services';
import { importBaseModel } from '../../../../../src/main/core/transfer/base-models';
import { studySpecSchema } from '../../../../../src/shared/domain/study-spec';
import { tinyStudySpec } from '../../../../helpers/study-fixtures';
import { assertBuilt, trainerScript, useTempDir } from '../../../../helpers/temp-dir';

const transferSpec = (baseModel: string, dataset = 'sample:binary-1000x10') =>
  studySpecSchema.parse({
    name: 'fine-tune',
    dataset,
    template: 'transfer',
    baseModel,
    objective: { metric: 'val_loss', direction: 'minimize' },
    algorithm: 'grid',
    seed: 3,
    backend: 'cpu',
    concurrency: 1,
    space: { epochs: { type: 'fixed', value: 2 }, finetune_epochs: { type: 'fixed', value: 2 }, head_units: { type: 'choice', values: [4, 8] }, freeze_layers: { type: 'fixed', value: 1 } },
  });

describe('a transfer-learning study', () => {
  const tempDir = useTempDir();

  it('starts from an earlier run, trains its head then fine-tunes, and exports with the base model’s preprocessing', async () => {
    assertBuilt();
    const dataDir = tempDir();
    const s = new Services({ dataDir, launcher: new NodeLauncher(trainerScript), concurrency: 1 });
    try {
      const first = s.createStudy(tinyStudySpec({ budget: { maxTrials: 1 } }, { epochs: { type: 'fixed', value: 3 }, hidden_layers: { type: 'fixed', value: 2 } }));
      await s.scheduler.startStudy(first.id);
      const source = s.store.listRuns(first.id)[0]!;

      const study = s.createStudy(transferSpec(`run:${source.id}`));
      const base = s.store.baseModels.get(study.baseModelId!)!;
      expect(base).toMatchObject({ name: 'tiny-trial-1', source: `run ${source.id}` });
      expect(base.ref.layers.map((l) => l.name)).toEqual(['dense_1', 'dense_2', 'output']);
      expect(fs.existsSync(path.join(base.dir, 'model.json'))).toBe(true);
      // A second study on the same run reuses the registered copy.
      expect(s.createStudy(transferSpec(`run:${source.id}`)).baseModelId).toBe(base.id);

      const end = await s.scheduler.startStudy(study.id);
      expect(end.status).toBe('completed');
      const runs = s.store.listRuns(study.id);
      expect(runs.map((r) => [r.status, r.epochsDone])).toEqual([
        ['completed', 4],
        ['completed', 4],
      ]);
      const lr = s.store.getMetrics(runs[0]!.id, ['lr']).map((m) => m.value);
      expect(lr.map((v) => Number(v!.toPrecision(6)))).toEqual([1e-3, 1e-3, 1e-4, 1e-4]);

      const bundle = exportRun(s.store, runs[0]!.id, path.join(dataDir, 'bundle')).dir;
      const meta = JSON.parse(fs.readFileSync(path.join(bundle, 'hparam-studio.json'), 'utf8'));
      expect(meta.template).toBe('transfer');
      expect(meta.input.normalization).toEqual(base.ref.normalization);
      // The bundle is itself a base model for the next study, its head layers with it.
      const again = importBaseModel(s.store, dataDir, bundle, { name: 'second-generation' });
      expect(again.ref.layers.map((l) => l.name)).toEqual(['dense_1', 'dense_2', 'head_dense_1', 'head_output_1']);
    } finally {
      await s.close();
    }
  });

  it('is refused, saying what differs, when the base model does not fit the dataset; an unknown base model is named', async () => {
    assertBuilt();
    const dataDir = tempDir();
    const s = new Services({ dataDir, launcher: new NodeLauncher(trainerScript), concurrency: 1 });
    try {
      const first = s.createStudy(tinyStudySpec({ budget: { maxTrials: 1 } }, { epochs: { type: 'fixed', value: 1 } }));
      await s.scheduler.startStudy(first.id);
      const runId = s.store.listRuns(first.id)[0]!.id;
      const before = s.store.listStudies().length;
      expect(() => s.createStudy(transferSpec(`run:${runId}`, 'sample:regression-1000x8'))).toThrow(
        /baseModel: input shape: base model tiny-trial-1 takes \[10\], dataset sample:regression-1000x8 has \[8\]\nbaseModel: preprocessing: base model tiny-trial-1 normalizes 10 features, dataset sample:regression-1000x8 has 8\nbaseModel: features: base model tiny-trial-1 was trained on 10 columns, dataset sample:regression-1000x8 has 8; column 9 is "x8" there and "\(none\)" here/,
      );
      expect(s.store.listStudies()).toHaveLength(before);
      expect(() => s.createStudy(transferSpec('no-such-model'))).toThrow(/baseModel: no base model "no-such-model" \(known: tiny-trial-1; import one/);
    } finally {
      await s.close();
    }
  });

  it('imports any Layers model folder, refusing one without its weights or a graph model, and copies it into the data folder', async () => {
    assertBuilt();
    const dataDir = tempDir();
    const s = new Services({ dataDir, launcher: new NodeLauncher(trainerScript), concurrency: 1 });
    try {
      const first = s.createStudy(tinyStudySpec({ budget: { maxTrials: 1 } }, { epochs: { type: 'fixed', value: 1 } }));
      await s.scheduler.startStudy(first.id);
      const plain = path.join(tempDir(), 'plain');
      const bundle = exportRun(s.store, s.store.listRuns(first.id)[0]!.id, plain).dir;
      fs.rmSync(path.join(bundle, 'hparam-studio.json'));
      const imported = importBaseModel(s.store, dataDir, path.join(bundle, 'model.json'));
      expect(imported.name).toBe('plain');
      expect(imported.ref).toMatchObject({ inputShape: [10], normalization: null, featureNames: null });
      expect(path.dirname(imported.dir)).toBe(path.join(dataDir, 'base-models'));
      fs.rmSync(bundle, { recursive: true });
      expect(fs.existsSync(path.join(imported.dir, 'weights.bin'))).toBe(true);
      expect(() => importBaseModel(s.store, dataDir, imported.dir, { name: 'plain' })).toThrow(/base model name "plain" is taken/);

      const broken = path.join(tempDir(), 'broken');
      fs.mkdirSync(broken);
      fs.copyFileSync(path.join(imported.dir, 'model.json'), path.join(broken, 'model.json'));
      expect(() => importBaseModel(s.store, dataDir, broken)).toThrow(/names weight file weights\.bin, which is not in/);
      fs.writeFileSync(path.join(broken, 'model.json'), JSON.stringify({ format: 'graph-model', modelTopology: {} }));
      expect(() => importBaseModel(s.store, dataDir, broken)).toThrow(/a graph model .* cannot be fine-tuned/);
      expect(s.store.baseModels.list().map((b) => b.name)).toEqual(['plain']);
      expect(fs.readdirSync(path.join(dataDir, 'base-models'))).toEqual(['plain']);
    } finally {
      await s.close();
    }
  });
});
