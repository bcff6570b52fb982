import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeLauncher } from '../../../../../src/main/core/scheduler/launcher-node';
import { Services } from '../../../../../src/main/core/services';
import { studySpecSchema } from '../../../../../src/shared/domain/study-spec';
import { assertBuilt, trainerScript, useTempDir } from '../../../../helpers/temp-dir';

/** An IDX pair of `labels.length` 6×6 images whose pixels are 60 × label plus a little texture. */
function writeIdxPair(dir: string, labels: number[]): void {
  const header = (magic: number, dims: number[]) => {
    const b = Buffer.alloc(4 + 4 * dims.length);
    b.writeUInt32BE(magic, 0);
    dims.forEach((d, i) => b.writeUInt32BE(d, 4 + 4 * i));
    return b;
  };
  const pixels = Buffer.concat(labels.map((l, n) => Buffer.from(Array.from({ length: 36 }, (_, p) => l * 60 + ((n + p) % 7)))));
  fs.writeFileSync(path.join(dir, 'train-images-idx3-ubyte'), Buffer.concat([header(0x803, [labels.length, 6, 6]), pixels]));
  fs.writeFileSync(path.join(dir, 'train-labels-idx1-ubyte'), Buffer.concat([header(0x801, [labels.length]), Buffer.from(labels)]));
}

/**
 * An IDX import is cached as uint8 pixels; a real trainer process must still read it (widened to
 * float32 and normalized) and train a CNN on it end to end.
 */
describe('training on an imported uint8 dataset', () => {
  const tempDir = useTempDir();

  it('imports IDX as a uint8 cache and runs a CNN trial on it', async () => {
    assertBuilt();
    const dataDir = tempDir();
    const s = new Services({ dataDir, launcher: new NodeLauncher(trainerScript), concurrency: 1 });
    try {
      const src = path.join(tempDir(), 'digits');
      fs.mkdirSync(src);
      writeIdxPair(src, Array.from({ length: 120 }, (_, i) => i % 3));
      const { dataset } = await s.importDataset({ source: src });
      expect(dataset.meta.xDtype).toBe('uint8');
      expect(fs.existsSync(path.join(dataset.cacheDir, 'train.x.u8'))).toBe(true);
      expect(fs.existsSync(path.join(dataset.cacheDir, 'train.x.f32'))).toBe(false);

      const spec = studySpecSchema.parse({
        name: 'cnn-on-idx',
        dataset: dataset.meta.name,
        template: 'cnn',
        objective: { metric: 'val_loss', direction: 'minimize' },
        algorithm: 'random',
        seed: 3,
        budget: { maxTrials: 1 },
        concurrency: 1,
        backend: 'cpu',
        space: {
          epochs: { type: 'fixed', value: 2 },
          conv_blocks: { type: 'fixed', value: 1 },
          filters: { type: 'fixed', value: 2 },
          dense_units: { type: 'fixed', value: 0 },
          batch_size: { type: 'fixed', value: 16 },
          learning_rate: { type: 'fixed', value: 0.01 },
        },
      });
      const study = s.createStudy(spec);
      await s.scheduler.startStudy(study.id);
      const [run] = s.store.listRuns(study.id);
      expect(run?.status).toBe('completed');
      expect(run?.epochsDone).toBe(2);
      const valLoss = s.store.getMetrics(run!.id).filter((m) => m.name === 'val_loss');
      expect(valLoss).toHaveLength(2);
      for (const m of valLoss) expect(Number.isFinite(m.value)).toBe(true);
    } finally {
      await s.close();
    }
  }, 60_000);
});
