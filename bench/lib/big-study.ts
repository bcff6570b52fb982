import path from 'node:path';
import { resolveStudyDataset } from '../../src/main/core/datasets/resolve-dataset';
import { sampleDomain } from '../../src/main/core/search/random';
import { mulberry32 } from '../../src/shared/random';
import { Store } from '../../src/main/core/store/store';
import { studySpecSchema } from '../../src/shared/domain/study-spec';
import { writeFinishedRun } from '../../test/helpers/seeded-study';

/**
 * A finished study of `runs` runs × `epochs` epochs written straight into a store, for UI and API
 * benchmarks: realistic shapes (log-scaled and categorical hyperparameters, decaying noisy curves, a
 * few failed runs) without training anything.
 */
export function writeBigStudy(dataDir: string, runs = 10_000, epochs = 50): { studyId: number; seconds: number } {
  const t0 = performance.now();
  const store = Store.open(path.join(dataDir, 'studies.db'));
  try {
    const dataset = resolveStudyDataset(store, path.join(dataDir, 'datasets'), 'sample:binary-1000x10');
    const spec = studySpecSchema.parse({
      name: `big-${runs}x${epochs}`,
      dataset: 'sample:binary-1000x10',
      template: 'mlp',
      objective: { metric: 'val_loss', direction: 'minimize' },
      algorithm: 'random',
      seed: 1,
      budget: { maxTrials: runs },
      space: {
        epochs: { type: 'fixed', value: epochs },
        learning_rate: { type: 'log-float', low: 1e-4, high: 1e-1 },
        hidden_layers: { type: 'int', low: 1, high: 4 },
        units: { type: 'choice', values: [32, 64, 128, 256] },
        activation: { type: 'choice', values: ['relu', 'tanh', 'elu'] },
        optimizer: { type: 'choice', values: ['adam', 'sgd', 'rmsprop'] },
        dropout: { type: 'float', low: 0, high: 0.5 },
        batch_size: { type: 'choice', values: [32, 64, 128] },
      },
    });
    const study = store.createStudy({ spec, datasetId: dataset.meta.id, task: 'binary' });
    const rng = mulberry32(7);
    for (let r = 0; r < runs; r++) {
      const params = Object.fromEntries(Object.entries(spec.space).map(([k, d]) => [k, sampleDomain(d, rng)]));
      const lr = Number(params.learning_rate);
      const floor = 0.2 + Math.abs(Math.log10(lr) + 2.5) * 0.08 + rng() * 0.05;
      const failAt = r % 97 === 0 ? 3 + (r % 20) : null;
      const last = failAt ?? epochs;
      const records = Array.from({ length: last }, (_, i) => {
        const e = i + 1;
        const loss = floor + 0.5 * Math.exp(-e / (5 + rng() * 5)) + rng() * 0.02;
        const valLoss = loss + 0.03 + rng() * 0.03;
        return { epoch: e, metrics: { loss, val_loss: valLoss, accuracy: 1 - loss / 2, val_accuracy: 1 - valLoss / 2, lr }, wallTime: 1_700_000_000_000 + r * 60_000 + e * 1000 };
      });
      writeFinishedRun(store, spec, study.id, {
        params,
        seed: r,
        epochs: records,
        end: failAt ? { status: 'failed', error: 'trainer process crashed (signal SIGKILL) before finishing' } : { status: 'completed' },
      });
    }
    store.setStudyStatus(study.id, 'completed');
    return { studyId: study.id, seconds: (performance.now() - t0) / 1000 };
  } finally {
    store.close();
  }
}
