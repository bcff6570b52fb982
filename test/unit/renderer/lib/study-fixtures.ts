import type { RunDto, StudyDetailDto } from '../../../../src/shared/contract';
import type { StudySpec } from '../../../../src/shared/domain/study-spec';

let nextId = 1;

export function makeRun(over: Partial<RunDto> = {}): RunDto {
  const id = over.id ?? nextId++;
  return {
    id,
    studyId: 1,
    trialNumber: id,
    status: 'completed',
    seed: 7,
    backend: 'cpu',
    params: {},
    epochsDone: 5,
    bestEpoch: 5,
    bestObjective: null,
    finalObjective: null,
    error: null,
    startedAt: '2025-01-01T00:00:00.000Z',
    endedAt: '2025-01-01T00:00:10.000Z',
    parentRunId: null,
    attempt: 1,
    stopRequest: null,
    rung: null,
    stopReason: null,
    trainedSec: 10,
    attemptStartedAt: null,
    ...over,
  };
}

export function makeStudy(space: StudySpec['space'], direction: 'minimize' | 'maximize' = 'minimize'): StudyDetailDto {
  const spec: StudySpec = {
    name: 's',
    dataset: 'sample:binary-1000x10',
    template: 'mlp',
    objective: { metric: 'val_loss', direction },
    algorithm: 'random',
    seed: 3,
    budget: { maxTrials: 10 },
    backend: 'auto',
    maxAttempts: 2,
    space,
  };
  return {
    id: 1,
    name: 's',
    status: 'running',
    statusReason: null,
    runCounts: { queued: 0, running: 0, completed: 0, failed: 0, cancelled: 0, pruned: 0, interrupted: 0, paused: 0 },
    template: 'mlp',
    task: 'binary',
    datasetId: 'abc',
    objectiveMetric: 'val_loss',
    objectiveDirection: direction,
    createdAt: '2025-01-01T00:00:00.000Z',
    algorithm: 'random',
    seed: 3,
    updatedAt: '2025-01-01T00:00:00.000Z',
    spec,
  };
}
