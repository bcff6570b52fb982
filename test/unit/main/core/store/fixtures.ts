import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import type { DatasetMeta } from '../../../../../src/shared/domain/dataset';
import { studySpecSchema, type StudySpec, type StudySpecInput } from '../../../../../src/shared/domain/study-spec';
import { Store } from '../../../../../src/main/core/store/store';
import type { RunStart, Settlement } from '../../../../../src/main/core/store/run-lifecycle';
import type { RunRow, StudyRow } from '../../../../../src/main/core/store/types';
import { AppError } from '../../../../../src/shared/result';

/** A fresh directory per call, so no two tests share a database file. */
export const tempDbPath = (): string => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hps-store-')), 'studies.db');

export function datasetMeta(overrides: Partial<DatasetMeta> = {}): DatasetMeta {
  return {
    id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90',
    name: 'moons',
    kind: 'tabular',
    task: 'binary',
    inputShape: [2],
    featureNames: ['x', 'y'],
    classNames: ['a', 'b'],
    splits: { train: 80, val: 10, test: 10 },
    normalization: { mean: [0, 0], std: [1, 1] },
    source: 'moons.csv',
    createdAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function spec(overrides: Partial<StudySpecInput> = {}): StudySpec {
  return studySpecSchema.parse({
    name: 'moons-mlp',
    dataset: 'moons',
    template: 'mlp',
    space: { learning_rate: { type: 'log-float', low: 1e-4, high: 1e-1 } },
    ...overrides,
  });
}

/** An open store holding one dataset and one study; closes itself after the test via `onTestFinished`. */
export function storeWithStudy(specOverrides: Partial<StudySpecInput> = {}): { store: Store; study: StudyRow; dbPath: string } {
  const dbPath = tempDbPath();
  const store = openStore(dbPath);
  const meta = datasetMeta();
  store.upsertDataset(meta, '/tmp/cache/moons');
  const study = store.createStudy({ spec: spec(specOverrides), datasetId: meta.id, task: 'binary' });
  return { store, study, dbPath };
}

/** Store.open, closed again when the calling test ends. */
export function openStore(dbPath = tempDbPath()): Store {
  const store = Store.open(dbPath);
  onTestFinished(() => store.close());
  return store;
}

/** queued → running at a new attempt, with the trainer's ready report: what the scheduler does at launch. */
export function startRun(store: Store, runId: number, start: Partial<RunStart> = {}): RunRow {
  const run = store.launchRun(runId);
  store.markRunReady(runId, run.attempt, { backend: 'cpu', backendNotes: [], pid: 1, ...start });
  return store.getRun(runId)!;
}

/** Ends the run's current attempt with `status` (and whatever else the settlement says). */
export function endRun(store: Store, runId: number, settlement: Partial<Settlement> & { status: Settlement['status'] }): RunRow {
  const run = store.getRun(runId)!;
  const outcome = (settlement.outcome ?? (settlement.status === 'queued' ? 'retried' : settlement.status)) as Settlement['outcome'];
  return store.settleRun(runId, run.attempt, () => ({ ...settlement, outcome }));
}

/** The AppError `fn` throws (any other error is rethrown; no error fails the test). */
export function appErrorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}
