import { describe, expect, it } from 'vitest';
import {
  isReadOnlyMethod,
  API_EVENT_NAMES,
  API_METHODS,
  apiContract,
  apiEvents,
  ipcChannel,
  isApiEventName,
  isApiMethod,
  httpRoute,
  runSchema,
  studySummarySchema,
} from '../../../src/shared/contract';
import { RUN_STATUSES, type RunStatus } from '../../../src/shared/domain/run';

const runCounts = Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>;

const sampleStudy = {
  id: 1,
  name: 'mlp-binary',
  status: 'running',
  template: 'mlp',
  task: 'binary',
  datasetId: 'a1b2c3',
  objectiveMetric: 'val_loss',
  objectiveDirection: 'minimize',
  createdAt: '2025-01-01T00:00:00.000Z',
  runCounts: { ...runCounts, completed: 3, running: 1 },
  totalRuns: 4,
  bestObjective: 0.31,
  // The store's row carries more (spec, seed…); the wire does not.
  seed: 7,
};

const sampleRun = {
  id: 12,
  studyId: 1,
  trialNumber: 3,
  status: 'completed',
  seed: 42,
  backend: 'wasm',
  params: { lr: 0.01, optimizer: 'adam', batch_norm: true },
  epochsDone: 5,
  bestEpoch: 4,
  bestObjective: 0.3,
  finalObjective: 0.32,
  error: null,
  startedAt: '2025-01-01T00:00:01.000Z',
  endedAt: null,
  parentRunId: null,
  attempt: 1,
  stopRequest: null,
  rung: null,
  stopReason: null,
  trainedSec: 0,
  attemptStartedAt: '2025-01-01T00:00:01.000Z',
  device: 'gpu:0',
  deviceName: 'nvidia ampere — NVIDIA A100-SXM4-40GB',
  threads: 1,
  stderrTail: 'not for the wire',
};

describe('contract row schemas', () => {
  it('accepts a study summary and strips fields the contract does not carry', () => {
    const parsed = studySummarySchema.parse(sampleStudy);
    expect(parsed.runCounts.completed).toBe(3);
    expect(parsed).not.toHaveProperty('seed');
  });

  it('accepts a run with nullable fields null', () => {
    const parsed = runSchema.parse({ ...sampleRun, backend: null, bestEpoch: null, bestObjective: null, finalObjective: null, device: null, deviceName: null, threads: null });
    expect(parsed.params).toEqual(sampleRun.params);
    expect(parsed).not.toHaveProperty('stderrTail');
  });

  it('rejects a run with a missing field, naming its path', () => {
    const { epochsDone: _omitted, ...withoutEpochs } = sampleRun;
    const result = runSchema.safeParse(withoutEpochs);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['epochsDone']);
  });

  it('rejects a study whose runCounts lacks a status, naming the nested path', () => {
    const { pruned: _omitted, ...counts } = sampleStudy.runCounts;
    const result = studySummarySchema.safeParse({ ...sampleStudy, runCounts: counts });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['runCounts', 'pruned']);
  });

  it('rejects an unknown run status', () => {
    expect(runSchema.safeParse({ ...sampleRun, status: 'exploded' }).success).toBe(false);
  });
});

describe('contract methods', () => {
  it('marks the methods a read-only process may answer, and no method that changes state', () => {
    expect(isReadOnlyMethod('studies.list')).toBe(true);
    expect(isReadOnlyMethod('runs.get')).toBe(true);
    for (const m of ['studies.create', 'studies.pause', 'studies.resume', 'studies.delete', 'runs.cancel', 'runs.clone', 'runs.export', 'runs.evaluate', 'datasets.import', 'settings.set', 'app.firstLaunch', 'datasets.preview', 'devices.list'] as const) {
      expect(isReadOnlyMethod(m), m).toBe(false);
    }
  });

  it('lists every method of the map, and only those', () => {
    expect(API_METHODS).toContain('studies.create');
    expect(API_METHODS).toContain('runs.clone');
    expect(API_METHODS).toContain('devices.list');
    expect(API_METHODS.every((m) => /^(studies|runs|datasets|devices|settings|app|annotations|trials|ensembles|baseModels|workers)\.[a-zA-Z]+$/.test(m))).toBe(true);
    expect(isApiMethod('runs.list')).toBe(true);
    expect(isApiMethod('listRuns')).toBe(false);
    expect(isApiMethod('toString')).toBe(false);
    expect(isApiMethod('constructor')).toBe(false);
  });

  it('parses valid inputs and rejects malformed ones with the field path', () => {
    expect(apiContract['studies.list'].input.safeParse(undefined).success).toBe(true);
    expect(apiContract['studies.get'].input.parse({ id: 'mlp-binary' })).toEqual({ id: 'mlp-binary' });
    expect(apiContract['runs.list'].input.parse({ studyId: 3 })).toEqual({ studyId: 3 });

    const bad = apiContract['runs.list'].input.safeParse({ studyId: '3' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['studyId']);
    // Extra keys are a caller bug, not something to ignore silently.
    expect(apiContract['runs.metrics'].input.safeParse({ runId: 1, extra: true }).success).toBe(false);
  });

  it('validates outputs through the same schemas', () => {
    const runs = apiContract['runs.list'].output.parse([sampleRun]);
    expect(runs).toHaveLength(1);
    const metrics = apiContract['runs.metrics'].output.safeParse([{ name: 'loss', step: 0, value: 1, wallTime: 1 }]);
    expect(metrics.error?.issues[0]?.path).toEqual([0, 'step']);
  });
});

describe('contract events', () => {
  it('names the events and their channels', () => {
    expect([...API_EVENT_NAMES].sort()).toEqual(['epoch', 'import-progress', 'run-updated', 'study-updated']);
    expect(isApiEventName('epoch')).toBe(true);
    expect(isApiEventName('hasOwnProperty')).toBe(false);
    expect(ipcChannel.event('epoch')).toBe('hps:event:epoch');
    expect(ipcChannel.invoke('runs.list')).toBe('hps:call:runs.list');
    expect(httpRoute.call('runs.list')).toBe('/api/runs.list');
  });

  it('parses the scheduler payloads, turning non-finite metrics into null', () => {
    const epoch = apiEvents.epoch.parse({ type: 'epoch', runId: 2, studyId: 1, epoch: 3, metrics: { loss: Number.NaN, val_loss: 0.4 } });
    expect(epoch).toEqual({ runId: 2, studyId: 1, epoch: 3, metrics: { loss: null, val_loss: 0.4 } });
    const missing = apiEvents['run-updated'].safeParse({ runId: 2 });
    expect(missing.error?.issues[0]?.path).toEqual(['studyId']);
  });
});

describe('contract inputs of the UI methods', () => {
  it('studies.create takes exactly one of spec or yaml, and starts by default', () => {
    expect(apiContract['studies.create'].input.parse({ yaml: 'name: x' })).toEqual({ yaml: 'name: x', start: true });
    expect(apiContract['studies.create'].input.parse({ spec: { name: 'x' }, start: false }).start).toBe(false);
    const both = apiContract['studies.create'].input.safeParse({ yaml: 'a: 1', spec: {} });
    expect(both.error?.issues[0]?.message).toMatch(/exactly one of `spec`/);
    expect(apiContract['studies.create'].input.safeParse({}).success).toBe(false);
  });

  it('runs.clone takes params overrides and a seed or "new"', () => {
    expect(apiContract['runs.clone'].input.parse({ runId: 1, params: { learning_rate: 0.01 }, seed: 'new' }).seed).toBe('new');
    expect(apiContract['runs.clone'].input.safeParse({ runId: 1, seed: -1 }).success).toBe(false);
    expect(apiContract['runs.clone'].input.safeParse({ runId: 1, params: { units: [1] } }).success).toBe(false);
  });

  it('paths handed to main must be absolute', () => {
    expect(apiContract['datasets.import'].input.safeParse({ path: '/data/iris.csv' }).success).toBe(true);
    expect(apiContract['datasets.import'].input.safeParse({ path: 'C:\\data\\iris.csv' }).success).toBe(true);
    const relative = apiContract['runs.export'].input.safeParse({ runId: 1, dir: 'out/model' });
    expect(relative.error?.issues[0]?.path).toEqual(['dir']);
    expect(relative.error?.issues[0]?.message).toBe('must be an absolute path');
  });

  it('settings.set refuses the read-only data directory', () => {
    expect(apiContract['settings.set'].input.parse({ concurrency: 2 })).toEqual({ concurrency: 2 });
    expect(apiContract['settings.set'].input.safeParse({ dataDir: '/tmp' }).success).toBe(false);
    expect(apiContract['settings.set'].input.safeParse({ concurrency: 0 }).success).toBe(false);
  });

  it('import-progress events carry the caller\'s import id', () => {
    const p = apiEvents['import-progress'].parse({ importId: 'a', phase: 'reading', done: 5, total: 10, unit: 'bytes', extra: 1 });
    expect(p).toEqual({ importId: 'a', phase: 'reading', done: 5, total: 10, unit: 'bytes' });
  });
});
