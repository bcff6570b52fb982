import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../src/shared/result';
import type { StudyStatus } from '../../../../../src/shared/domain/run';
import { datasetMeta, openStore, spec, storeWithStudy, startRun } from './fixtures';

describe('studies', () => {
  it('creates a study from its spec and reads it back by id and name', () => {
    const { store, study } = storeWithStudy({ objective: { metric: 'val_accuracy', direction: 'maximize' }, seed: 42, algorithm: 'grid' });
    expect(study).toMatchObject({
      name: 'moons-mlp',
      template: 'mlp',
      task: 'binary',
      algorithm: 'grid',
      objectiveMetric: 'val_accuracy',
      objectiveDirection: 'maximize',
      status: 'created',
      seed: 42,
    });
    expect(study.spec.space).toEqual({ learning_rate: { type: 'log-float', low: 1e-4, high: 1e-1 } });
    expect(study.createdAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    expect(store.getStudy(study.id)).toEqual(study);
    expect(store.getStudy('moons-mlp')).toEqual(study);
    expect(store.getStudy(String(study.id))).toEqual(study);
    expect(store.getStudy(999)).toBeUndefined();
  });

  it('resolves a name to the newest study with it', () => {
    const { store, study } = storeWithStudy();
    const again = store.createStudy({ spec: spec(), datasetId: study.datasetId, task: 'binary' });
    expect(again.id).toBeGreaterThan(study.id);
    expect(store.getStudy('moons-mlp')?.id).toBe(again.id);
  });

  it('refuses a study on a dataset that is not registered', () => {
    const store = openStore();
    expect(() => store.createStudy({ spec: spec(), datasetId: 'nope', task: 'binary' })).toThrow(/dataset nope not found/);
  });

  it('lists studies newest first with run counts and best objective by direction', () => {
    const { store, study } = storeWithStudy(); // minimize val_loss
    const maxStudy = store.createStudy({
      spec: spec({ name: 'acc', objective: { metric: 'val_accuracy', direction: 'maximize' } }),
      datasetId: datasetMeta().id,
      task: 'binary',
    });
    const objective = { metric: 'val_loss', direction: 'minimize' } as const;
    for (const v of [0.5, 0.2, 0.9]) {
      const run = store.createRun({ studyId: study.id, params: {}, seed: 1 });
      store.recordEpochs(run.id, [{ epoch: 1, metrics: { val_loss: v }, wallTime: 1 }], objective);
    }
    store.createRun({ studyId: study.id, params: {}, seed: 1 });
    for (const v of [0.7, 0.8]) {
      const run = store.createRun({ studyId: maxStudy.id, params: {}, seed: 1 });
      store.recordEpochs(run.id, [{ epoch: 1, metrics: { val_accuracy: v }, wallTime: 1 }], { metric: 'val_accuracy', direction: 'maximize' });
      startRun(store, run.id, { backend: 'cpu', backendNotes: [], pid: 1 });
    }
    const [first, second] = store.listStudies();
    expect(first).toMatchObject({ id: maxStudy.id, totalRuns: 2, bestObjective: 0.8 });
    expect(first?.runCounts).toMatchObject({ running: 2, queued: 0, completed: 0 });
    expect(second).toMatchObject({ id: study.id, totalRuns: 4, bestObjective: 0.2 });
    expect(second?.runCounts.queued).toBe(4);
  });

  it('a study without runs lists with zero counts and no best', () => {
    const { store } = storeWithStudy();
    const [only] = store.listStudies();
    expect(only).toMatchObject({ totalRuns: 0, bestObjective: null });
    expect(Object.values(only!.runCounts).every((n) => n === 0)).toBe(true);
  });

  it('sets status, refusing unknown statuses and studies', () => {
    const { store, study } = storeWithStudy();
    store.setStudyStatus(study.id, 'running');
    expect(store.getStudy(study.id)?.status).toBe('running');
    expect(() => store.setStudyStatus(study.id, 'sleeping' as StudyStatus)).toThrow(/status "sleeping" is not one of/);
    expect(() => store.setStudyStatus(999, 'running')).toThrow(AppError);
  });

  it('deleting a study deletes its runs, params, metrics and artifacts', () => {
    const { store, study } = storeWithStudy();
    const run = store.createRun({ studyId: study.id, params: { units: 8 }, seed: 1 });
    store.recordEpochs(run.id, [{ epoch: 1, metrics: { val_loss: 1 }, wallTime: 1 }], { metric: 'val_loss', direction: 'minimize' });
    store.recordCheckpoint(run.id, { epoch: 1, path: '/ck/1', isBest: true });
    store.deleteStudy(study.id);
    expect(store.getStudy(study.id)).toBeUndefined();
    expect(store.getRun(run.id)).toBeUndefined();
    expect(store.getRunParams(run.id)).toEqual({});
    expect(store.getMetrics(run.id)).toEqual([]);
    expect(store.listArtifacts(run.id)).toEqual([]);
    expect(() => store.deleteStudy(study.id)).toThrow(/Study \d+ not found/);
  });
});
