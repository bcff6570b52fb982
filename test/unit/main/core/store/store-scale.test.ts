import fs from 'node:fs';
import { expect, it } from 'vitest';
import { storeWithStudy, startRun, endRun } from './fixtures';

/**
 * Micro-check, not a benchmark: 10,000 runs × 50 epochs must fit in a reasonable time. Prints the
 * figures; asserts only the row counts (timings on shared CI machines are too noisy to assert).
 */
it('inserts 10,000 runs × 50 epochs', () => {
  const { store, study, dbPath } = storeWithStudy();
  const objective = { metric: 'val_loss', direction: 'minimize' } as const;
  const RUNS = 10_000;
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
});
