import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainerToHost } from '../../../src/shared/trainer-protocol';
import type { ParamSet } from '../../../src/shared/domain/space';
import { evaluateSplit } from '../../../src/trainer/metrics/evaluate';
import { loadModelWeights } from '../../../src/trainer/io/checkpoint-reader';
import { checkpointDir } from '../../../src/trainer/io/checkpoint-writer';
import { runTrial } from '../../../src/trainer/run-trial';
import { useTempDir } from '../../helpers/temp-dir';
import { loadSession, useCpu } from './fixtures/sessions';
import { startMessage } from './fixtures/start-message';
import { writeBinaryDataset } from './fixtures/synthetic-dataset';

beforeAll(useCpu);
const tempDir = useTempDir('hps-trial-');

type Msg = TrainerToHost;
const epochsOf = (msgs: Msg[]) => msgs.filter((m): m is Extract<Msg, { type: 'epoch' }> => m.type === 'epoch');
const doneOf = (msgs: Msg[]) => msgs.find((m): m is Extract<Msg, { type: 'done' }> => m.type === 'done')!;

function setup(params: ParamSet) {
  const root = tempDir();
  const cacheDir = path.join(root, 'dataset');
  const meta = writeBinaryDataset(cacheDir, { train: 64, val: 32 });
  return { root, cacheDir, meta, start: startMessage(root, cacheDir, meta, params) };
}

describe('runTrial', () => {
  it('reports every epoch with its checkpoint, then done, keeping only the latest, the previous and the best checkpoints', async () => {
    const { start } = setup({ epochs: 4, batch_size: 16, es_restore_best: false });
    // Left by a trainer that died while writing: cleaned up too.
    fs.mkdirSync(path.join(start.runDir, 'checkpoints', '.tmp-epoch-9-12345'), { recursive: true });
    const msgs: Msg[] = [];
    await runTrial(start, { send: (m) => void msgs.push(m), shouldStop: () => null });
    expect(msgs.map((m) => `${m.type}${'epoch' in m ? m.epoch : ''}`)).toEqual(['epoch1', 'epoch2', 'epoch3', 'epoch4', 'done']);
    expect(epochsOf(msgs).map((m) => m.checkpoint?.path)).toEqual([1, 2, 3, 4].map((e) => checkpointDir(start.runDir, e)));
    const done = doneOf(msgs);
    expect(done).toMatchObject({ epochsDone: 4, stoppedBy: 'completed', finalCheckpoint: checkpointDir(start.runDir, 4) });
    const kept = fs.readdirSync(path.join(start.runDir, 'checkpoints')).sort();
    expect(kept).toEqual([...new Set([`epoch-${done.bestEpoch}`, 'epoch-3', 'epoch-4'])].sort());
    for (const file of ['model.json', 'weights.bin', 'optimizer.bin', 'state.json']) expect(fs.existsSync(path.join(done.finalCheckpoint!, file)), file).toBe(true);
    const state = JSON.parse(fs.readFileSync(path.join(done.finalCheckpoint!, 'state.json'), 'utf8'));
    expect(state.valConfusion).toHaveLength(2);
    expect(state.history).toHaveLength(4);
  });

  it('never reads the test split', async () => {
    const { start, cacheDir } = setup({ epochs: 1 });
    fs.rmSync(path.join(cacheDir, 'test.x.f32'));
    fs.rmSync(path.join(cacheDir, 'test.y.f32'));
    const msgs: Msg[] = [];
    await runTrial(start, { send: (m) => void msgs.push(m), shouldStop: () => null });
    expect(doneOf(msgs).epochsDone).toBe(1);
  });

  for (const params of [
    { optimizer: 'adam', lr_schedule: 'cosine', lr_warmup_epochs: 1, dropout: 0.2, batch_norm: true },
    { optimizer: 'adamax', lr_schedule: 'plateau', lr_plateau_patience: 1, l2: 0.01 },
    { optimizer: 'nesterov', lr_schedule: 'step', lr_step_size: 2, learning_rate: 0.05 },
    { optimizer: 'rmsprop', learning_rate: 0.01, early_stopping: true, es_patience: 10 },
  ] as ParamSet[]) {
    it(`resumes from a checkpoint exactly where an uninterrupted run would be (${params.optimizer})`, async () => {
      const all = { epochs: 6, batch_size: 16, ...params };
      const straight = setup(all);
      const msgsStraight: Msg[] = [];
      await runTrial(straight.start, { send: (m) => void msgsStraight.push(m), shouldStop: () => null });

      const split = setup(all);
      const first: Msg[] = [];
      await runTrial(split.start, { send: (m) => void first.push(m), shouldStop: () => (epochsOf(first).length >= 3 ? 'paused' : null) });
      expect(doneOf(first)).toMatchObject({ epochsDone: 3, stoppedBy: 'paused' });
      const second: Msg[] = [];
      await runTrial({ ...split.start, resumeFrom: { epoch: 3, path: checkpointDir(split.start.runDir, 3) } }, { send: (m) => void second.push(m), shouldStop: () => null });

      const expected = epochsOf(msgsStraight).slice(3);
      const resumed = epochsOf(second);
      expect(resumed.map((m) => m.epoch)).toEqual([4, 5, 6]);
      resumed.forEach((m, i) => {
        for (const key of ['loss', 'val_loss', 'lr', 'accuracy', 'val_accuracy']) expect(m.metrics[key], `${key} @${m.epoch}`).toBeCloseTo(expected[i]!.metrics[key]!, 5);
      });
      expect(doneOf(second).bestEpoch).toBe(doneOf(msgsStraight).bestEpoch);
    });
  }

  it('early stopping ends the run and the final checkpoint holds the best epoch\'s weights', async () => {
    // es_min_delta this large makes epoch 1 the best for good, so the run stops after es_patience more epochs.
    const { start, meta, cacheDir } = setup({ epochs: 20, early_stopping: true, es_patience: 2, es_min_delta: 100, es_restore_best: true, learning_rate: 0.05 });
    const msgs: Msg[] = [];
    await runTrial(start, { send: (m) => void msgs.push(m), shouldStop: () => null });
    const done = doneOf(msgs);
    expect(done).toMatchObject({ epochsDone: 3, bestEpoch: 1, stoppedBy: 'early_stopping', finalCheckpoint: checkpointDir(start.runDir, 1) });
    const epochs = epochsOf(msgs);
    expect(epochs[2]!.metrics.val_loss).not.toBeCloseTo(epochs[0]!.metrics.val_loss!, 4);

    const loaded = loadSession(start.config, meta, cacheDir);
    loadModelWeights(done.finalCheckpoint!, loaded.session.model);
    const evaluation = await evaluateSplit(loaded.session, loaded.data.val);
    loaded.dispose();
    expect(evaluation.metrics.val_loss).toBeCloseTo(epochs[0]!.metrics.val_loss!, 5);
  });

  it('propagates errors (a resume from a checkpoint of another seed is refused)', async () => {
    const { start } = setup({ epochs: 1 });
    await runTrial(start, { send: () => undefined, shouldStop: () => null });
    const other = { ...start, config: { ...start.config, seed: 99 }, resumeFrom: { epoch: 1, path: checkpointDir(start.runDir, 1) } };
    await expect(runTrial(other, { send: () => undefined, shouldStop: () => null })).rejects.toThrow(/seed 1, this run has seed 99/);
  });
});
