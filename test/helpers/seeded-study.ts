import path from 'node:path';
import Database from 'better-sqlite3';
import { resolveStudyDataset } from '../../src/main/core/datasets/resolve-dataset';
import { Store } from '../../src/main/core/store/store';
import type { EpochRecord } from '../../src/main/core/store/types';
import type { ParamSet } from '../../src/shared/domain/space';
import type { StudySpec } from '../../src/shared/domain/study-spec';
import { studySpecSchema } from '../../src/shared/domain/study-spec';
import { mulberry32 } from '../../src/shared/random';

export type FinishedAs = { status: 'completed' } | { status: 'failed'; error: string } | { status: 'pruned' };

/**
 * One run written the way the scheduler writes a finished trial (created, launched, ready, its epochs,
 * settled), without training anything: for UI tests and benchmarks of studies that would take hours.
 */
export function writeFinishedRun(store: Store, spec: StudySpec, studyId: number, run: { params: ParamSet; seed: number; epochs: EpochRecord[]; end: FinishedAs }): number {
  const created = store.createRun({ studyId, params: run.params, seed: run.seed });
  const launched = store.launchRun(created.id);
  store.markRunReady(created.id, launched.attempt, { backend: 'wasm', backendNotes: [], pid: 10_000 + run.seed });
  store.recordEpochs(created.id, run.epochs, spec.objective);
  const end = run.end;
  store.settleRun(created.id, launched.attempt, () =>
    end.status === 'failed'
      ? { status: 'failed', outcome: 'failed', error: end.error, stderrTail: 'Killed', failureKind: 'environment' }
      : { status: end.status, outcome: end.status },
  );
  return created.id;
}

/**
 * The synthetic objective's shape: strong in learning_rate, weaker in dropout, none in units. With a few
 * dozen trials PED-ANOVA's top decile is three or four trials, so only the ends of the ranking are sure.
 */
export const SEEDED_IMPORTANCE = { strongest: 'learning_rate', none: 'units' } as const;

/**
 * A finished TPE + ASHA study written straight into `dataDir` (before any process owns it): `completed`
 * trials that ran all 9 epochs and `pruned` ones stopped at ASHA's first rungs, with a rung and a reason
 * as the pruner would store them. Its val_loss depends strongly on learning_rate (best near 1e-2),
 * weakly on dropout and not at all on units, so importance has a known answer.
 */
export function seedTpeAshaStudy(dataDir: string, opts: { completed: number; pruned: number; name?: string }): { studyId: number; spec: StudySpec; prunedRunIds: number[] } {
  const spec = studySpecSchema.parse({
    name: opts.name ?? 'seeded-tpe-asha',
    dataset: 'sample:binary-1000x10',
    template: 'mlp',
    objective: { metric: 'val_loss', direction: 'minimize' },
    algorithm: 'tpe',
    sampler: { nStartupTrials: 5 },
    pruner: { type: 'asha', minEpochs: 1, reductionFactor: 3 },
    seed: 3,
    budget: { maxTrials: opts.completed + opts.pruned, maxEpochs: 1000 },
    space: {
      epochs: { type: 'fixed', value: 9 },
      learning_rate: { type: 'log-float', low: 1e-4, high: 1e-1 },
      dropout: { type: 'float', low: 0, high: 0.5 },
      units: { type: 'choice', values: [16, 32, 64] },
      hidden_layers: { type: 'int', low: 1, high: 8, log: true },
    },
  });
  const store = Store.open(path.join(dataDir, 'studies.db'));
  const pruned: { id: number; rung: number; epoch: number }[] = [];
  let studyId: number;
  try {
    const dataset = resolveStudyDataset(store, path.join(dataDir, 'datasets'), spec.dataset);
    studyId = store.createStudy({ spec, datasetId: dataset.meta.id, task: 'binary' }).id;
    const rng = mulberry32(11);
    const total = opts.completed + opts.pruned;
    // Pruned trials spread through the study: trials 2, 2 + step, … as ASHA would stop them.
    const step = opts.pruned > 0 ? Math.max(2, Math.floor(total / opts.pruned)) : Infinity;
    for (let i = 0; i < total; i++) {
      const isPruned = pruned.length < opts.pruned && i % step === 1;
      const lr = 10 ** (-4 + 3 * rng());
      const dropout = 0.5 * rng();
      const params: ParamSet = { epochs: 9, learning_rate: lr, dropout, units: [16, 32, 64][Math.floor(rng() * 3)]!, hidden_layers: Math.round(2 ** (3 * rng())) };
      const floor = 0.2 + 0.25 * Math.abs(Math.log10(lr) + 2) + 0.4 * dropout + 0.005 * rng();
      const last = isPruned ? (i % 2 === 0 ? 1 : 3) : 9;
      const epochs = Array.from({ length: last }, (_, k) => {
        const loss = floor + 0.4 * Math.exp(-(k + 1) / 3);
        return { epoch: k + 1, metrics: { loss, val_loss: loss + 0.02, accuracy: 1 - loss / 2, val_accuracy: 1 - (loss + 0.02) / 2 }, wallTime: 1_700_000_000_000 + i * 30_000 + k * 1000 };
      });
      const id = writeFinishedRun(store, spec, studyId, { params, seed: i, epochs, end: { status: isPruned ? 'pruned' : 'completed' } });
      if (isPruned) pruned.push({ id, rung: last === 1 ? 0 : 1, epoch: last });
    }
    store.setStudyStatus(studyId, 'completed');
  } finally {
    store.close();
  }
  // The scheduler stores a pruner's verdict while the run trains (Store.recordStopDecision); these runs
  // are written already settled, so their rung and reason go straight into migration 005's columns.
  const db = new Database(path.join(dataDir, 'studies.db'));
  try {
    const mark = db.prepare('UPDATE run SET rung = ?, stop_reason = ? WHERE id = ?');
    for (const p of pruned) mark.run(p.rung, `not in the best third at rung ${p.rung} (epoch ${p.epoch})`, p.id);
  } finally {
    db.close();
  }
  return { studyId, spec, prunedRunIds: pruned.map((p) => p.id) };
}
