import { describe, expect, it } from 'vitest';
import {
  API_EVENT_NAMES,
  API_METHODS,
  apiContract,
  apiEvents,
  ipcChannel,
  isApiEventName,
  isApiMethod,
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
  stderrTail: 'not for the wire',
};

describe('contract row schemas', () => {
  it('accepts a study summary and strips fields the contract does not carry', () => {
    const parsed = studySummarySchema.parse(sampleStudy);
    expect(parsed.runCounts.completed).toBe(3);
    expect(parsed).not.toHaveProperty('seed');
  });

  it('accepts a run with nullable fields null', () => {
    const parsed = runSchema.parse({ ...sampleRun, backend: null, bestEpoch: null, bestObjective: null, finalObjective: null });
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
  it('lists every method of the map, and only those', () => {
    expect(API_METHODS.sort()).toEqual(['getRunMetrics', 'getStudy', 'listRuns', 'listStudies']);
    expect(isApiMethod('listRuns')).toBe(true);
    expect(isApiMethod('toString')).toBe(false);
    expect(isApiMethod('constructor')).toBe(false);
  });

  it('parses valid inputs and rejects malformed ones with the field path', () => {
    expect(apiContract.listStudies.input.safeParse(undefined).success).toBe(true);
    expect(apiContract.getStudy.input.parse({ id: 'mlp-binary' })).toEqual({ id: 'mlp-binary' });
    expect(apiContract.listRuns.input.parse({ studyId: 3 })).toEqual({ studyId: 3 });

    const bad = apiContract.listRuns.input.safeParse({ studyId: '3' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['studyId']);
    // Extra keys are a caller bug, not something to ignore silently.
    expect(apiContract.getRunMetrics.input.safeParse({ runId: 1, extra: true }).success).toBe(false);
  });

  it('validates outputs through the same schemas', () => {
    const runs = apiContract.listRuns.output.parse([sampleRun]);
    expect(runs).toHaveLength(1);
    const metrics = apiContract.getRunMetrics.output.safeParse([{ name: 'loss', step: 0, value: 1, wallTime: 1 }]);
    expect(metrics.error?.issues[0]?.path).toEqual([0, 'step']);
  });
});

describe('contract events', () => {
  it('names the events and their channels', () => {
    expect(API_EVENT_NAMES.sort()).toEqual(['epoch', 'run-updated']);
    expect(isApiEventName('epoch')).toBe(true);
    expect(isApiEventName('hasOwnProperty')).toBe(false);
    expect(ipcChannel.event('epoch')).toBe('hps:event:epoch');
    expect(ipcChannel.invoke('listRuns')).toBe('hps:call:listRuns');
  });

  it('parses the scheduler payloads, turning non-finite metrics into null', () => {
    const epoch = apiEvents.epoch.parse({ type: 'epoch', runId: 2, studyId: 1, epoch: 3, metrics: { loss: Number.NaN, val_loss: 0.4 } });
    expect(epoch).toEqual({ runId: 2, studyId: 1, epoch: 3, metrics: { loss: null, val_loss: 0.4 } });
    const missing = apiEvents['run-updated'].safeParse({ runId: 2 });
    expect(missing.error?.issues[0]?.path).toEqual(['studyId']);
  });
});
