import type { BackendName, ObjectiveDirection, RunStatus, StudyStatus } from '../../../shared/domain/run';
import type { ModelTemplate, Task } from '../../../shared/domain/hparams';
import type { ParamSet } from '../../../shared/domain/space';
import type { StudySpec } from '../../../shared/domain/study-spec';

/** Rows as the rest of the app sees them: camelCase, JSON columns parsed, timestamps as ISO-8601 strings. */

export interface StudyRow {
  id: number;
  name: string;
  spec: StudySpec;
  datasetId: string;
  template: ModelTemplate;
  task: Task;
  algorithm: StudySpec['algorithm'];
  objectiveMetric: string;
  objectiveDirection: ObjectiveDirection;
  status: StudyStatus;
  seed: number;
  createdAt: string;
  updatedAt: string;
}

export interface StudySummary extends StudyRow {
  /** Every run status is present (0 when none). */
  runCounts: Record<RunStatus, number>;
  totalRuns: number;
  /** Best `best_objective` over all runs so far (running ones included), by the study's direction. */
  bestObjective: number | null;
}

export interface RunRow {
  id: number;
  studyId: number;
  /** 1-based, per study. */
  trialNumber: number;
  status: RunStatus;
  seed: number;
  backend: BackendName | null;
  backendNotes: string[];
  params: ParamSet;
  startedAt: string | null;
  endedAt: string | null;
  epochsDone: number;
  bestEpoch: number | null;
  bestObjective: number | null;
  finalObjective: number | null;
  error: string | null;
  stderrTail: string | null;
  lastCheckpoint: string | null;
  lastCheckpointEpoch: number | null;
  finalCheckpoint: string | null;
  pid: number | null;
  /** The run this one was cloned from. */
  parentRunId: number | null;
  createdAt: string;
}

export interface MetricPoint {
  name: string;
  /** Epoch number (1-based). */
  step: number;
  /** null when the trainer reported a non-finite value (NaN or ±Infinity loss). */
  value: number | null;
  wallTime: number;
}

export interface EpochRecord {
  epoch: number;
  metrics: Record<string, number>;
  wallTime: number;
}

export const ARTIFACT_KINDS = ['checkpoint', 'export'] as const;
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];

export interface ArtifactRow {
  id: number;
  runId: number;
  kind: ArtifactKind;
  epoch: number | null;
  path: string;
  isBest: boolean;
  meta: Record<string, unknown>;
  createdAt: string;
}

export interface NewArtifact {
  kind: ArtifactKind;
  epoch: number | null;
  path: string;
  isBest: boolean;
  meta?: Record<string, unknown>;
}
