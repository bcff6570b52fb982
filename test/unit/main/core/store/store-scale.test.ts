import fs from 'node:fs';
import { expect, it } from 'vitest';
import { storeWithStudy, startRun, endRun } from './fixtures';

/**
 * A study of 1,000 runs × 50 epochs written as the scheduler writes it and read back whole: counts,
 * curves and the leaderboard's order. The figures at 10,000 runs and their reference are
 * bench/store-scale.ts's job (a test that size takes minutes on a loaded 2-core machine).
 */
it('stores 1,000 runs × 50 epochs and reads them back', () => {
  const { store, study, dbPath } = storeWithStudy();
  const objective = { metric: 'val_loss', direction: 'minimize' } as const;
  const RUNS = 1_000;
  const EPOCHS = 50;
  const curve = (seed: number) =>
    Array.from({ length: EPOCHS }, (_, i) => ({
      epoch: i + 1,
      metrics: { loss: 1 / (i + 1 + seed), val_loss: 1.1 / (i + 1) + (seed % 7) * 0.01 },
      wallTime: 1_700_000_000 + i,
    }));

  const t0 = performance.now();
  for (let r = 0; r < RUNS; r++) {
    const run = store.createRun({ studyId: study.id, params: { learning_rate: 10 ** -(1 + (r % 4)), units: 16 + (r % 5), optimizer: 'adam' }, seed: r });
    startRun(store, run.id, { backend: 'cpu', backendNotes: [], pid: 1000 + r });
    store.recordEpochs(run.id, curve(r), objective);
    endRun(store, run.id, { status: 'completed' });
  }
  const batched = performance.now() - t0;

  // The scheduler's real pattern: one transaction per epoch message.
  const PER_EPOCH_RUNS = 100;
  const t1 = performance.now();
  for (let r = 0; r < PER_EPOCH_RUNS; r++) {
    const run = store.createRun({ studyId: study.id, params: { learning_rate: 0.01 }, seed: r });
    for (const epoch of curve(r)) store.recordEpochs(run.id, [epoch], objective);
  }
  const perEpochMs = (performance.now() - t1) / (PER_EPOCH_RUNS * EPOCHS);

  const t2 = performance.now();
  const board = store.leaderboard(study.id);
  const summaries = store.listStudies();
  const curves = store.getMetrics(board[0]!.id);
  const readMs = performance.now() - t2;

  const mb = fs.statSync(dbPath).size / 2 ** 20;
  console.log(
    `store scale: ${RUNS} runs × ${EPOCHS} epochs × 2 metrics in ${(batched / 1000).toFixed(1)} s (start + one recordEpochs + finish per run); ` +
      `${perEpochMs.toFixed(3)} ms per single-epoch recordEpochs; leaderboard + listStudies + one curve in ${readMs.toFixed(1)} ms; db ${mb.toFixed(0)} MiB`,
  );
  expect(summaries[0]?.totalRuns).toBe(RUNS + PER_EPOCH_RUNS);
  expect(curves).toHaveLength(2 * EPOCHS);
  // val_loss ends at 1.1/50 + (seed % 7)·0.01: the best runs are those with seed % 7 = 0, oldest first.
  expect(board.slice(0, 3).map((r) => r.seed % 7)).toEqual([0, 0, 0]);
  expect(store.listRuns(study.id, { status: ['completed'] })).toHaveLength(RUNS);
});
