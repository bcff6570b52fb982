import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunStatus } from '../../../../../src/shared/domain/run';
import { appErrorOf, endRun, startRun, storeWithStudy } from './fixtures';

const objective = { metric: 'val_loss', direction: 'minimize' } as const;
const start = { backend: 'wasm', backendNotes: ["tensorflow: Cannot find module '@tensorflow/tfjs-node'"], pid: 4242 } as const;

describe('run lifecycle', () => {
  afterEach(() => vi.useRealTimers());

  it('training time is the sum of the attempts: a pause and the wait before the resume do not count', () => {
    const { store, study } = storeWithStudy();
    const { id } = store.createRun({ studyId: study.id, params: {}, seed: 0 });
    const t0 = Date.parse('2026-01-01T10:00:00.000Z');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(t0);
    expect(store.getRun(id)).toMatchObject({ trainedSec: 0, attemptStartedAt: null });
    startRun(store, id);
    vi.setSystemTime(t0 + 40_000);
    endRun(store, id, { status: 'paused' });
    expect(store.getRun(id)).toMatchObject({ status: 'paused', attemptStartedAt: null });
    expect(store.getRun(id)!.trainedSec).toBeCloseTo(40, 3);
    // Overnight in pause, then resumed: the open attempt is reported with its start, for the page's clock.
    store.requeueRun(id);
    vi.setSystemTime(t0 + 8 * 3600_000);
    startRun(store, id);
    expect(store.getRun(id)).toMatchObject({ attemptStartedAt: new Date(t0 + 8 * 3600_000).toISOString() });
    vi.setSystemTime(t0 + 8 * 3600_000 + 20_000);
    endRun(store, id, { status: 'completed' });
    const done = store.getRun(id)!;
    expect(done.trainedSec).toBeCloseTo(60, 3);
    expect(done.attemptStartedAt).toBeNull();
    expect(store.listRuns(study.id)[0]!.trainedSec).toBeCloseTo(60, 3);
  });

  it('launch → ready → epochs with their checkpoints → settle, each attempt recorded', () => {
    const { store, study } = storeWithStudy();
    const { id } = store.createRun({ studyId: study.id, params: {}, seed: 0 });
    const launched = store.launchRun(id);
    expect(launched).toMatchObject({ status: 'running', attempt: 1, backend: null });
    store.markRunReady(id, 1, { ...start, backendNotes: [...start.backendNotes] });
    const started = store.getRun(id)!;
    expect(started).toMatchObject({ status: 'running', backend: 'wasm', backendNotes: start.backendNotes, pid: 4242, endedAt: null });
    expect(started.startedAt).not.toBeNull();

    store.recordEpoch(id, { epoch: 1, metrics: { val_loss: 0.5 }, wallTime: 1 }, objective, { path: '/runs/1/checkpoints/epoch-1', isBest: true });
    store.recordEpoch(id, { epoch: 2, metrics: { val_loss: 0.6 }, wallTime: 2 }, objective, { path: '/runs/1/checkpoints/epoch-2', isBest: false });
    store.recordCheckpoint(id, { epoch: 1, path: '/late/epoch-1', isBest: false }); // late message: must not move back
    expect(store.getRun(id)).toMatchObject({ epochsDone: 2, lastCheckpoint: '/runs/1/checkpoints/epoch-2', lastCheckpointEpoch: 2, bestEpoch: 1 });
    expect(store.listArtifacts(id).map((a) => [a.kind, a.epoch, a.isBest])).toEqual([
      ['checkpoint', 1, true],
      ['checkpoint', 2, false],
      ['checkpoint', 1, false],
    ]);

    const done = store.settleRun(id, 1, () => ({ status: 'completed', outcome: 'completed', finalCheckpoint: '/runs/1/checkpoints/epoch-1' }));
    expect(done).toMatchObject({ status: 'completed', pid: null, error: null, finalCheckpoint: '/runs/1/checkpoints/epoch-1', stopRequest: null });
    expect(done.endedAt).not.toBeNull();
    expect(done.startedAt).toBe(started.startedAt);
    expect(store.listAttempts(id)).toMatchObject([{ attempt: 1, fromEpoch: 0, backend: 'wasm', pid: 4242, outcome: 'completed', error: null }]);
  });

  it('a failure keeps its error, stderr tail and kind', () => {
    const { store, study } = storeWithStudy();
    const { id } = store.createRun({ studyId: study.id, params: {}, seed: 0 });
    startRun(store, id);
    endRun(store, id, { status: 'failed', error: 'shape mismatch', stderrTail: 'line 1\nline 2', failureKind: 'config' });
    expect(store.getRun(id)).toMatchObject({ status: 'failed', error: 'shape mismatch', stderrTail: 'line 1\nline 2', failureKind: 'config', failedAttempts: 0 });
  });

  it('a retry goes back to the queue from the last checkpoint, spends an attempt and keeps the error on the attempt', () => {
    const { store, study } = storeWithStudy();
    const { id } = store.createRun({ studyId: study.id, params: {}, seed: 0 });
    startRun(store, id);
    store.recordEpoch(id, { epoch: 1, metrics: { val_loss: 0.5 }, wallTime: 1 }, objective, { path: '/ck/1', isBest: true });
    store.recordEpochs(id, [{ epoch: 2, metrics: { val_loss: 0.4 }, wallTime: 2 }], objective); // no checkpoint for it
    const queued = endRun(store, id, { status: 'queued', outcome: 'retried', error: 'trainer process crashed (signal SIGKILL)', spendsAttempt: true });
    expect(queued).toMatchObject({ status: 'queued', failedAttempts: 1, error: null, epochsDone: 1, lastCheckpointEpoch: 1 });
    expect(store.getMetrics(id).map((m) => m.step)).toEqual([1]);
    const second = store.launchRun(id);
    expect(second.attempt).toBe(2);
    expect(store.listAttempts(id)).toMatchObject([
      { attempt: 1, fromEpoch: 0, outcome: 'retried', error: 'trainer process crashed (signal SIGKILL)' },
      { attempt: 2, fromEpoch: 1, outcome: null },
    ]);
  });

  it('refuses transitions that make no sense, naming run and status', () => {
    const { store, study } = storeWithStudy();
    const { id } = store.createRun({ studyId: study.id, params: {}, seed: 0 });
    expect(appErrorOf(() => store.finishRun(id, { status: 'running' }))).toMatchObject({ code: 'invalid_input' });
    store.finishRun(id, { status: 'cancelled' }); // a queued run can be cancelled
    expect(appErrorOf(() => store.launchRun(id))).toMatchObject({ code: 'conflict', message: expect.stringMatching(/Run \d+ is cancelled; cannot launch/) });
    expect(appErrorOf(() => store.finishRun(id, { status: 'completed' })).code).toBe('conflict');
    expect(appErrorOf(() => store.launchRun(999))).toMatchObject({ code: 'not_found', message: 'Run 999 not found' });
    const other = store.createRun({ studyId: study.id, params: {}, seed: 0 });
    store.launchRun(other.id);
    expect(appErrorOf(() => store.markRunReady(other.id, 1, { backend: 'quantum' as 'cpu', backendNotes: [], pid: 1 })).message).toMatch(/backend "quantum"/);
    // A message from an older attempt is refused, and so is a settlement of it.
    expect(appErrorOf(() => store.markRunReady(other.id, 2, { backend: 'cpu', backendNotes: [], pid: 1 })).message).toMatch(/at attempt 1; cannot mark ready attempt 2/);
    expect(appErrorOf(() => store.settleRun(other.id, 2, () => ({ status: 'completed', outcome: 'completed' }))).code).toBe('conflict');
  });

  it('stop requests: a cancel overrides, a pause never weakens a pending cancel or prune', () => {
    const { store, study } = storeWithStudy();
    const { id } = store.createRun({ studyId: study.id, params: {}, seed: 0 });
    expect(appErrorOf(() => store.requestRunStop(id, 'pause')).message).toMatch(/is queued, not running/);
    startRun(store, id);
    expect(store.requestRunStop(id, 'prune').stopRequest).toBe('prune');
    expect(store.requestRunStop(id, 'pause').stopRequest).toBe('prune');
    expect(store.requestRunStop(id, 'cancel').stopRequest).toBe('cancel');
    expect(store.requestRunStop(id, 'prune').stopRequest).toBe('cancel');
  });

  it('pause and resume of a study are stored: pending pauses withdrawn, paused/interrupted/environment-failed runs requeued', () => {
    const { store, study } = storeWithStudy();
    store.setStudyStatus(study.id, 'running');
    const ids = [0, 1, 2, 3, 4].map(() => store.createRun({ studyId: study.id, params: {}, seed: 0 }).id);
    const [a, b, c, d] = ids as [number, number, number, number, number];
    for (const id of [a, b, c, d]) startRun(store, id);
    store.requestRunStop(b, 'cancel');
    const told = store.pauseStudy(study.id);
    expect(store.getStudy(study.id)?.status).toBe('paused');
    expect(told.map((r) => [r.id, r.stopRequest])).toEqual([
      [a, 'pause'],
      [b, 'cancel'],
      [c, 'pause'],
      [d, 'pause'],
    ]);
    endRun(store, c, { status: 'paused' });
    endRun(store, d, { status: 'failed', error: 'disk full', failureKind: 'environment', spendsAttempt: true });

    const withdrawn = store.resumeStudy(study.id);
    expect(withdrawn.map((r) => r.id)).toEqual([a]);
    expect(store.getStudy(study.id)?.status).toBe('running');
    expect(ids.map((id) => [store.getRun(id)?.status, store.getRun(id)?.stopRequest])).toEqual<[RunStatus | undefined, string | null | undefined][]>([
      ['running', null],
      ['running', 'cancel'],
      ['queued', null],
      ['queued', null],
      ['queued', null],
    ]);
    expect(store.getRun(d)?.failedAttempts).toBe(0); // a fresh retry budget once the cause is fixed
  });

  it('recovery by a new owner ends each orphaned run where its stored intent points', () => {
    const { store, study } = storeWithStudy();
    store.setStudyStatus(study.id, 'running');
    const ids = [0, 1, 2, 3, 4, 5].map(() => store.createRun({ studyId: study.id, params: {}, seed: 0 }).id);
    const [plain, cancel, prune, pause, done] = ids as [number, number, number, number, number, number];
    for (const id of [plain, cancel, prune, pause, done]) startRun(store, id);
    store.recordEpoch(prune, { epoch: 1, metrics: { val_loss: 0.5 }, wallTime: 1 }, objective, { path: '/ck/prune-1', isBest: true });
    store.requestRunStop(cancel, 'cancel');
    store.requestRunStop(prune, 'prune');
    store.requestRunStop(pause, 'pause');
    endRun(store, done, { status: 'completed' });

    expect(store.recoverOrphans()).toEqual({ runs: 4, interrupted: 1, studies: 1 });
    expect(ids.map((id) => store.getRun(id)?.status)).toEqual<(RunStatus | undefined)[]>(['interrupted', 'cancelled', 'pruned', 'paused', 'completed', 'queued']);
    expect(store.getRun(prune)?.finalCheckpoint).toBe('/ck/prune-1');
    expect(store.getRun(plain)?.pid).toBeNull();
    expect(store.getStudy(study.id)?.status).toBe('interrupted');
    expect(store.listAttempts(cancel)).toMatchObject([{ outcome: 'cancelled', error: 'its owner process stopped' }]);
    expect(store.listAttempts(done)).toMatchObject([{ outcome: 'completed', error: null }]);
    expect(store.recoverOrphans()).toEqual({ runs: 0, interrupted: 0, studies: 0 });
  });

  it('requeue resumes from the last checkpoint: later epochs are forgotten, checkpoint kept', () => {
    const { store, study } = storeWithStudy();
    const { id } = store.createRun({ studyId: study.id, params: {}, seed: 0 });
    startRun(store, id, { ...start, backendNotes: [...start.backendNotes] });
    const values = [0.9, 0.7, 0.3, 0.5];
    store.recordEpochs(id, values.map((v, i) => ({ epoch: i + 1, metrics: { val_loss: v }, wallTime: i })), objective);
    store.recordCheckpoint(id, { epoch: 2, path: '/ck/2', isBest: true });
    endRun(store, id, { status: 'interrupted' });
    expect(appErrorOf(() => store.launchRun(id)).message).toMatch(/is interrupted; cannot launch/);

    const requeued = store.requeueRun(id);
    expect(requeued).toMatchObject({ status: 'queued', lastCheckpoint: '/ck/2', lastCheckpointEpoch: 2, epochsDone: 2, bestEpoch: 2, bestObjective: 0.7, finalObjective: 0.7, pid: null });
    expect(store.getMetrics(id).map((p) => p.step)).toEqual([1, 2]);

    startRun(store, id, { ...start, backendNotes: [...start.backendNotes] });
    store.recordEpochs(id, [{ epoch: 3, metrics: { val_loss: 0.4 }, wallTime: 9 }], objective);
    expect(store.getRun(id)).toMatchObject({ status: 'running', attempt: 2, epochsDone: 3, bestObjective: 0.4, finalObjective: 0.4 });
  });

  it('requeue without a checkpoint starts over', () => {
    const { store, study } = storeWithStudy();
    const { id } = store.createRun({ studyId: study.id, params: {}, seed: 0 });
    startRun(store, id);
    store.recordEpochs(id, [{ epoch: 1, metrics: { val_loss: 0.4 }, wallTime: 1 }], objective);
    endRun(store, id, { status: 'failed', error: 'crash' });
    expect(store.requeueRun(id)).toMatchObject({ status: 'queued', epochsDone: 0, bestObjective: null, error: null });
    expect(store.getMetrics(id)).toEqual([]);
    expect(appErrorOf(() => store.requeueRun(id)).code).toBe('conflict'); // already queued
  });

  it('keeps the trainer log tail on the run', () => {
    const { store, study } = storeWithStudy();
    const { id } = store.createRun({ studyId: study.id, params: {}, seed: 0 });
    store.setRunLogTail(id, '[warn] slow path: batch norm on wasm');
    expect(store.getRun(id)?.logTail).toBe('[warn] slow path: batch norm on wasm');
  });

  it('adds export artifacts with meta', () => {
    const { store, study } = storeWithStudy();
    const { id } = store.createRun({ studyId: study.id, params: {}, seed: 0 });
    const added = store.addArtifact(id, { kind: 'export', epoch: null, path: '/exports/model', isBest: true, meta: { format: 'tfjs-layers' } });
    expect(store.listArtifacts(id)).toEqual([added]);
    expect(added).toMatchObject({ runId: id, kind: 'export', epoch: null, isBest: true, meta: { format: 'tfjs-layers' } });
    expect(appErrorOf(() => store.addArtifact(id, { kind: 'zip' as 'export', epoch: null, path: '/x', isBest: false })).code).toBe('invalid_input');
    expect(appErrorOf(() => store.addArtifact(999, { kind: 'export', epoch: null, path: '/x', isBest: false })).code).toBe('not_found');
  });

  it('takes the trial number and the seed from one place', () => {
    const { store, study } = storeWithStudy();
    const seeds = [1, 2, 3].map(() => store.createRun({ studyId: study.id, params: {}, seed: (n) => n * 100 }));
    expect(seeds.map((r) => [r.trialNumber, r.seed])).toEqual([
      [1, 100],
      [2, 200],
      [3, 300],
    ]);
  });
});
