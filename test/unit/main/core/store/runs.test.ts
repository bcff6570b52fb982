import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { RunStatus } from '../../../../../src/shared/domain/run';
import { AppError } from '../../../../../src/shared/result';
import type { Store } from '../../../../../src/main/core/store/store';
import { storeWithStudy, startRun, endRun } from './fixtures';


function finishedRun(store: Store, studyId: number, best: number | null, status: RunStatus, metric = 'val_loss') {
  const run = store.createRun({ studyId, params: {}, seed: 0 });
  if (best !== null) {
    const direction = store.getStudy(studyId)!.objectiveDirection;
    store.recordEpochs(run.id, [{ epoch: 1, metrics: { [metric]: best }, wallTime: 1 }], { metric, direction });
  }
  startRun(store, run.id, { backend: 'cpu', backendNotes: [], pid: 1 });
  if (status !== 'running') endRun(store, run.id, { status });
  return run.id;
}

describe('runs', () => {
  it('numbers trials 1, 2, 3… per study and starts them queued', () => {
    const { store, study } = storeWithStudy();
    const other = store.createStudy({ spec: study.spec, datasetId: study.datasetId, task: 'binary' });
    const a = store.createRun({ studyId: study.id, params: { units: 8 }, seed: 11 });
    const b = store.createRun({ studyId: study.id, params: { units: 16 }, seed: 12 });
    const c = store.createRun({ studyId: other.id, params: {}, seed: 13 });
    expect([a.trialNumber, b.trialNumber, c.trialNumber]).toEqual([1, 2, 1]);
    expect(a).toMatchObject({
      studyId: study.id,
      status: 'queued',
      seed: 11,
      params: { units: 8 },
      backend: null,
      backendNotes: [],
      epochsDone: 0,
      bestObjective: null,
      startedAt: null,
      parentRunId: null,
    });
    expect(store.listRuns(study.id).map((r) => r.id)).toEqual([a.id, b.id]);
  });

  it('round-trips number, string and boolean params through run_param exactly', () => {
    const { store, study, dbPath } = storeWithStudy();
    const params = { learning_rate: 0.0031, units: 64, optimizer: 'adam', batch_norm: true, early_stopping: false, es_monitor: 'true' };
    const run = store.createRun({ studyId: study.id, params, seed: 0 });
    expect(store.getRunParams(run.id)).toEqual(params);
    expect(store.getRun(run.id)?.params).toEqual(params);
    const raw = new Database(dbPath, { readonly: true });
    const kinds = raw.prepare('SELECT name, kind FROM run_param WHERE run_id = ? ORDER BY name').all(run.id);
    raw.close();
    expect(kinds).toEqual([
      { name: 'batch_norm', kind: 'bool' },
      { name: 'early_stopping', kind: 'bool' },
      { name: 'es_monitor', kind: 'text' },
      { name: 'learning_rate', kind: 'num' },
      { name: 'optimizer', kind: 'text' },
      { name: 'units', kind: 'num' },
    ]);
    expect(store.paramNames(study.id)).toEqual(Object.keys(params).sort());
  });

  it('refuses bad input naming the thing, and writes nothing', () => {
    const { store, study } = storeWithStudy();
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return `${(err as AppError).code}: ${(err as AppError).message}`;
      }
      return 'no error';
    };
    expect(code(() => store.createRun({ studyId: 999, params: {}, seed: 0 }))).toMatch(/^not_found: Study 999 not found/);
    expect(code(() => store.createRun({ studyId: study.id, params: { lr: Number.NaN }, seed: 0 }))).toMatch(/^invalid_input: .*`lr` is NaN/);
    expect(code(() => store.createRun({ studyId: study.id, params: {}, seed: 0, parentRunId: 77 }))).toMatch(/^not_found: .*parent run 77/);
    expect(code(() => store.listRuns(study.id, { status: ['sleeping' as RunStatus] }))).toMatch(/^invalid_input: .*"sleeping"/);
    expect(store.listRuns(study.id)).toEqual([]);
  });

  it('keeps the clone source of a run', () => {
    const { store, study } = storeWithStudy();
    const a = store.createRun({ studyId: study.id, params: { units: 8 }, seed: 1 });
    const b = store.createRun({ studyId: study.id, params: { units: 8 }, seed: 2, parentRunId: a.id });
    expect(b.parentRunId).toBe(a.id);
  });

  it('filters runs by status', () => {
    const { store, study } = storeWithStudy();
    const done = finishedRun(store, study.id, 0.3, 'completed');
    const failed = finishedRun(store, study.id, null, 'failed');
    const queued = store.createRun({ studyId: study.id, params: {}, seed: 0 }).id;
    expect(store.listRuns(study.id, { status: ['completed', 'failed'] }).map((r) => r.id)).toEqual([done, failed]);
    expect(store.listRuns(study.id, { status: ['queued'] }).map((r) => r.id)).toEqual([queued]);
    expect(store.listRuns(study.id, { status: [] })).toEqual([]);
  });

  it('leaderboard: finished runs with an objective, best first, for minimize', () => {
    const { store, study } = storeWithStudy();
    const mid = finishedRun(store, study.id, 0.5, 'completed');
    const best = finishedRun(store, study.id, 0.1, 'pruned');
    finishedRun(store, study.id, 0.01, 'running'); // not finished: left out
    finishedRun(store, study.id, 0.02, 'failed'); // failed: left out
    finishedRun(store, study.id, null, 'completed'); // no objective: left out
    const worst = finishedRun(store, study.id, 0.9, 'completed');
    expect(store.leaderboard(study.id).map((r) => r.id)).toEqual([best, mid, worst]);
    expect(store.leaderboard(study.id, 2).map((r) => r.id)).toEqual([best, mid]);
  });

  it('leaderboard: highest first for maximize', () => {
    const { store, study } = storeWithStudy({ objective: { metric: 'val_accuracy', direction: 'maximize' } });
    const low = finishedRun(store, study.id, 0.6, 'completed', 'val_accuracy');
    const high = finishedRun(store, study.id, 0.95, 'completed', 'val_accuracy');
    const mid = finishedRun(store, study.id, 0.8, 'completed', 'val_accuracy');
    expect(store.leaderboard(study.id).map((r) => r.id)).toEqual([high, mid, low]);
    expect(() => store.leaderboard(999)).toThrow(/Study 999 not found/);
  });
});
