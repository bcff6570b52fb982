import { describe, expect, it } from 'vitest';
import type { RunStatus } from '../../../../../src/shared/domain/run';
import { AppError } from '../../../../../src/shared/result';
import { storeWithStudy } from './fixtures';

const objective = { metric: 'val_loss', direction: 'minimize' } as const;
const start = { backend: 'wasm', backendNotes: ["tensorflow: Cannot find module '@tensorflow/tfjs-node'"], pid: 4242 } as const;

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('run lifecycle', () => {
  it('start → epochs → checkpoint → finish', () => {
    const { store, study } = storeWithStudy();
    const { id } = store.createRun({ studyId: study.id, params: {}, seed: 0 });
    store.markRunStarted(id, { ...start, backendNotes: [...start.backendNotes] });
    const started = store.getRun(id)!;
    expect(started).toMatchObject({ status: 'running', backend: 'wasm', backendNotes: start.backendNotes, pid: 4242, endedAt: null });
    expect(started.startedAt).not.toBeNull();

    store.recordEpochs(id, [{ epoch: 1, metrics: { val_loss: 0.5 }, wallTime: 1 }], objective);
    store.recordCheckpoint(id, { epoch: 1, path: '/runs/1/checkpoints/epoch-1', isBest: true });
    store.recordCheckpoint(id, { epoch: 2, path: '/runs/1/checkpoints/epoch-2', isBest: false });
    store.recordCheckpoint(id, { epoch: 1, path: '/late/epoch-1', isBest: false }); // late message: must not move back
    expect(store.getRun(id)).toMatchObject({ lastCheckpoint: '/runs/1/checkpoints/epoch-2', lastCheckpointEpoch: 2 });
    expect(store.listArtifacts(id).map((a) => [a.kind, a.epoch, a.isBest])).toEqual([
      ['checkpoint', 1, true],
      ['checkpoint', 2, false],
      ['checkpoint', 1, false],
    ]);

    store.finishRun(id, { status: 'completed', finalCheckpoint: '/runs/1/checkpoints/epoch-1' });
    const done = store.getRun(id)!;
    expect(done).toMatchObject({ status: 'completed', pid: null, error: null, finalCheckpoint: '/runs/1/checkpoints/epoch-1' });
    expect(done.endedAt).not.toBeNull();
    expect(done.startedAt).toBe(started.startedAt);
  });

  it('a failure keeps its error and stderr tail', () => {
    const { store, study } = storeWithStudy();
    const { id } = store.createRun({ studyId: study.id, params: {}, seed: 0 });
    store.markRunStarted(id, { ...start, backendNotes: [] });
    store.finishRun(id, { status: 'failed', error: 'OOM while allocating tensor', stderrTail: 'line 1\nline 2' });
    expect(store.getRun(id)).toMatchObject({ status: 'failed', error: 'OOM while allocating tensor', stderrTail: 'line 1\nline 2' });
  });

  it('refuses transitions that make no sense, naming run and status', () => {
    const { store, study } = storeWithStudy();
    const { id } = store.createRun({ studyId: study.id, params: {}, seed: 0 });
    expect(errorOf(() => store.finishRun(id, { status: 'running' }))).toMatchObject({ code: 'invalid_input' });
    store.finishRun(id, { status: 'cancelled' }); // a queued run can be cancelled
    expect(errorOf(() => store.markRunInterrupted(id))).toMatchObject({ code: 'conflict', message: expect.stringMatching(/Run \d+ is cancelled; cannot interrupt/) });
    expect(errorOf(() => store.finishRun(id, { status: 'completed' })).code).toBe('conflict');
    expect(errorOf(() => store.markRunStarted(id, { ...start, backendNotes: [] })).code).toBe('conflict');
    expect(errorOf(() => store.markRunStarted(999, { ...start, backendNotes: [] }))).toMatchObject({ code: 'not_found', message: 'Run 999 not found' });
    const other = store.createRun({ studyId: study.id, params: {}, seed: 0 });
    expect(errorOf(() => store.markRunStarted(other.id, { backend: 'quantum' as 'cpu', backendNotes: [], pid: 1 })).message).toMatch(/backend "quantum"/);
    expect(store.getRun(other.id)?.status).toBe('queued');
  });

  it('markRunningAsInterrupted: running runs and studies only', () => {
    const { store, study } = storeWithStudy();
    store.setStudyStatus(study.id, 'running');
    const ids = [0, 1, 2, 3].map(() => store.createRun({ studyId: study.id, params: {}, seed: 0 }).id);
    const [a, b, c] = ids as [number, number, number, number];
    store.markRunStarted(a, { ...start, backendNotes: [] });
    store.markRunStarted(b, { ...start, backendNotes: [] });
    store.markRunStarted(c, { ...start, backendNotes: [] });
    store.finishRun(c, { status: 'completed' });
    expect(store.markRunningAsInterrupted()).toBe(2);
    const statuses = ids.map((id) => store.getRun(id)?.status);
    expect(statuses).toEqual<(RunStatus | undefined)[]>(['interrupted', 'interrupted', 'completed', 'queued']);
    expect(store.getRun(a)?.pid).toBeNull();
    expect(store.getStudy(study.id)?.status).toBe('interrupted');
    expect(store.markRunningAsInterrupted()).toBe(0);
  });

  it('requeue resumes from the last checkpoint: later epochs are forgotten, checkpoint kept', () => {
    const { store, study } = storeWithStudy();
    const { id } = store.createRun({ studyId: study.id, params: {}, seed: 0 });
    store.markRunStarted(id, { ...start, backendNotes: [] });
    const values = [0.9, 0.7, 0.3, 0.5];
    store.recordEpochs(id, values.map((v, i) => ({ epoch: i + 1, metrics: { val_loss: v }, wallTime: i })), objective);
    store.recordCheckpoint(id, { epoch: 2, path: '/ck/2', isBest: true });
    store.markRunInterrupted(id);
    expect(errorOf(() => store.markRunStarted(id, { ...start, backendNotes: [] })).message).toMatch(/is interrupted; cannot start/);

    const requeued = store.requeueRun(id);
    expect(requeued).toMatchObject({ status: 'queued', lastCheckpoint: '/ck/2', lastCheckpointEpoch: 2, epochsDone: 2, bestEpoch: 2, bestObjective: 0.7, finalObjective: 0.7, pid: null });
    expect(store.getMetrics(id).map((p) => p.step)).toEqual([1, 2]);

    store.markRunStarted(id, { ...start, backendNotes: [] });
    store.recordEpochs(id, [{ epoch: 3, metrics: { val_loss: 0.4 }, wallTime: 9 }], objective);
    expect(store.getRun(id)).toMatchObject({ status: 'running', epochsDone: 3, bestObjective: 0.4, finalObjective: 0.4 });
  });

  it('requeue without a checkpoint starts over', () => {
    const { store, study } = storeWithStudy();
    const { id } = store.createRun({ studyId: study.id, params: {}, seed: 0 });
    store.markRunStarted(id, { ...start, backendNotes: [] });
    store.recordEpochs(id, [{ epoch: 1, metrics: { val_loss: 0.4 }, wallTime: 1 }], objective);
    store.finishRun(id, { status: 'failed', error: 'crash' });
    expect(store.requeueRun(id)).toMatchObject({ status: 'queued', epochsDone: 0, bestObjective: null, error: null });
    expect(store.getMetrics(id)).toEqual([]);
    expect(errorOf(() => store.requeueRun(id)).code).toBe('conflict'); // already queued
  });

  it('adds export artifacts with meta', () => {
    const { store, study } = storeWithStudy();
    const { id } = store.createRun({ studyId: study.id, params: {}, seed: 0 });
    const added = store.addArtifact(id, { kind: 'export', epoch: null, path: '/exports/model', isBest: true, meta: { format: 'tfjs-layers' } });
    expect(store.listArtifacts(id)).toEqual([added]);
    expect(added).toMatchObject({ runId: id, kind: 'export', epoch: null, isBest: true, meta: { format: 'tfjs-layers' } });
    expect(errorOf(() => store.addArtifact(id, { kind: 'zip' as 'export', epoch: null, path: '/x', isBest: false })).code).toBe('invalid_input');
    expect(errorOf(() => store.addArtifact(999, { kind: 'export', epoch: null, path: '/x', isBest: false })).code).toBe('not_found');
  });
});
