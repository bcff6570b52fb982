import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCheckpointState as readStateForMain } from '../../../../src/formats/checkpoint-state';
import type { TrainerToHost } from '../../../../src/shared/trainer-protocol';
import { loadModelWeights, readCheckpointState, restoreCheckpoint } from '../../../../src/trainer/io/checkpoint-reader';
import { loadBaseModel } from '../../../../src/trainer/models/load-base-model';
import { checkpointDir } from '../../../../src/trainer/io/checkpoint-writer';
import { runTrial } from '../../../../src/trainer/run-trial';
import { openSession } from '../../../../src/trainer/training/open-session';
import { useTempDir } from '../../../helpers/temp-dir';
import { useCpu } from '../fixtures/sessions';
import { startMessage } from '../fixtures/start-message';
import { writeRegressionDataset } from '../fixtures/synthetic-dataset';
import { trainBase, transferConfig } from './transfer-fixture';

beforeAll(useCpu);
const tempDir = useTempDir('hps-transfer-resume-');

type Msg = TrainerToHost;
const epochsOf = (msgs: Msg[]) => msgs.filter((m): m is Extract<Msg, { type: 'epoch' }> => m.type === 'epoch');

describe('transfer learning across a resume', () => {
  for (const pauseAfter of [2, 3]) {
    it(`a run paused after epoch ${pauseAfter} (${pauseAfter === 2 ? 'the last head epoch' : 'inside fine-tuning'}) resumes exactly where an uninterrupted run would be`, async () => {
      const root = tempDir();
      const { base, meta, cacheDir } = await trainBase(root);
      const params = { epochs: 2, finetune_epochs: 3, freeze_layers: 1, head_units: 4, learning_rate: 0.05, optimizer: 'adam', batch_size: 16, dropout: 0.2 };
      const start = (name: string) => ({ ...startMessage(path.join(root, name), cacheDir, meta, {}), config: transferConfig(meta, base, params) });
      const straight: Msg[] = [];
      await runTrial(start('straight'), { send: (m) => void straight.push(m), shouldStop: () => null });

      const split = start('split');
      const first: Msg[] = [];
      await runTrial(split, { send: (m) => void first.push(m), shouldStop: () => (epochsOf(first).length >= pauseAfter ? 'paused' : null) });
      const state = readCheckpointState(checkpointDir(split.runDir, pauseAfter));
      expect(state.phase).toBe(pauseAfter === 2 ? 'head' : 'finetune');
      const second: Msg[] = [];
      await runTrial({ ...split, resumeFrom: { epoch: pauseAfter, path: checkpointDir(split.runDir, pauseAfter) } }, { send: (m) => void second.push(m), shouldStop: () => null });

      const expected = epochsOf(straight).slice(pauseAfter);
      const resumed = epochsOf(second);
      expect(resumed.map((m) => m.epoch)).toEqual([3, 4, 5].slice(pauseAfter - 2));
      resumed.forEach((m, i) => {
        for (const key of ['loss', 'val_loss', 'lr', 'val_accuracy']) expect(m.metrics[key], `${key} @${m.epoch}`).toBeCloseTo(expected[i]!.metrics[key]!, 5);
      });
    });
  }

  it('a checkpoint whose phase the config does not put at its epoch is refused, naming both', async () => {
    const root = tempDir();
    const { base, meta, cacheDir } = await trainBase(root);
    const start = { ...startMessage(path.join(root, 't'), cacheDir, meta, {}), config: transferConfig(meta, base, { epochs: 1, finetune_epochs: 1, batch_size: 16 }) };
    await runTrial(start, { send: () => undefined, shouldStop: () => null });
    // The same checkpoint read by a config whose head phase is longer: epoch 2 would still be 'head'.
    const longer = transferConfig(meta, base, { epochs: 3, finetune_epochs: 1, batch_size: 16 });
    const session = await openSession(longer, meta);
    await expect(restoreCheckpoint(checkpointDir(start.runDir, 2), session)).rejects.toThrow(/checkpoint of epoch 2 is in phase 'finetune', this run's config puts that epoch in phase 'head'/);
    session.dispose();
  });
});

describe('checkpoint state versions', () => {
  it('a version 1 state (single-phase templates, before phases) reads as phase train; a newer version is refused by name', async () => {
    const root = tempDir();
    const cacheDir = path.join(root, 'ds');
    const meta = writeRegressionDataset(cacheDir);
    const start = startMessage(root, cacheDir, meta, { epochs: 1, batch_size: 16 });
    start.config = { ...start.config, task: 'regression' };
    await runTrial(start, { send: () => undefined, shouldStop: () => null });
    const dir = checkpointDir(start.runDir, 1);
    const file = path.join(dir, 'state.json');
    const v2 = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(v2).toMatchObject({ version: 2, phase: 'train' });
    const { phase: _, ...v1 } = { ...v2, version: 1 };
    fs.writeFileSync(file, JSON.stringify(v1));
    expect(readCheckpointState(dir)).toMatchObject({ version: 2, phase: 'train', epoch: 1 });
    expect(readStateForMain(dir)).toMatchObject({ phase: 'train' });
    fs.writeFileSync(file, JSON.stringify({ ...v2, version: 3 }));
    expect(() => readCheckpointState(dir)).toThrow(/state\.json: written by a newer HParam Studio \(checkpoint state v3, this app reads up to v2\)/);
  });
});

describe('divergence', () => {
  it('reports the diverged epoch (no checkpoint, non-finite loss, its learning rate) before the run fails', async () => {
    const root = tempDir();
    const cacheDir = path.join(root, 'ds');
    const meta = writeRegressionDataset(cacheDir);
    const start = startMessage(root, cacheDir, meta, { epochs: 6, batch_size: 8, optimizer: 'sgd', learning_rate: 50, hidden_layers: 2, units: 16 });
    start.config = { ...start.config, task: 'regression' };
    const msgs: Msg[] = [];
    await expect(runTrial(start, { send: (m) => void msgs.push(m), shouldStop: () => null })).rejects.toThrow(/training diverged at epoch (\d+)/);
    const last = epochsOf(msgs).at(-1)!;
    expect(last.checkpoint).toBeNull();
    expect(Number.isFinite(last.metrics.loss) && Number.isFinite(last.metrics.val_loss)).toBe(false);
    expect(last.metrics.lr).toBe(50);
    expect(epochsOf(msgs).slice(0, -1).every((m) => m.checkpoint !== null)).toBe(true);
  });
});

describe('a transfer run’s saved model', () => {
  it('loads into a freshly built session (head phase, base frozen) though it was saved while fine-tuning: weights matched by name', async () => {
    const root = tempDir();
    const { base, meta, cacheDir } = await trainBase(root);
    const config = transferConfig(meta, base, { epochs: 1, finetune_epochs: 2, freeze_layers: 1, head_units: 4, batch_size: 16 });
    const start = { ...startMessage(path.join(root, 't'), cacheDir, meta, {}), config };
    await runTrial(start, { send: () => undefined, shouldStop: () => null });
    const dir = checkpointDir(start.runDir, 3);
    const saved = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')).weightsManifest[0].weights.map((w: { name: string }) => w.name);
    const fresh = await openSession(config, meta);
    expect(fresh.phase).toBe('head');
    // Saved while dense_1 alone was frozen; fresh, every base layer is: tfjs lists trainable weights first.
    expect(fresh.model.weights.map((w) => w.originalName)).not.toEqual(saved);
    loadModelWeights(dir, fresh.model);
    const savedModel = await loadBaseModel(dir);
    for (const w of savedModel.weights) {
      const mine = fresh.model.weights.find((x) => x.originalName === w.originalName)!;
      expect(Array.from(mine.read().dataSync()), w.originalName).toEqual(Array.from(w.read().dataSync()));
    }
    savedModel.dispose();
    fresh.dispose();
  });
});
