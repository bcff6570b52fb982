import type { BackendName, ObjectiveDirection, RunStatus, StopRequest, StudyStatus } from '../../../shared/domain/run';
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
  /** Why the study stopped when the user did not stop it (a storage failure); null otherwise. */
  statusReason: string | null;
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
  /** Launches so far (0 while it never ran). */
  attempt: number;
  /** Attempts that failed for a reason outside the config (signal, OOM, heartbeat, disk): the retry budget spent. */
  failedAttempts: number;
  /** Pause, cancel or prune asked for while it runs; null when nobody asked. */
  stopRequest: StopRequest | null;
  /** Why a failed run failed: its config ('config'), its surroundings ('environment', retryable), or a broken trainer ('protocol'). */
  failureKind: FailureKind | null;
  /** The last lines the trainer logged (warnings such as slow paths). */
  logTail: string | null;
  /** The pruner's rung a pruned run reached (ASHA, Hyperband); null otherwise. */
  rung: number | null;
  /** Why it stopped before its epochs when nobody stopped it by hand: the pruner's or the budget's reason. */
  stopReason: string | null;
  /** Seconds trained in its ended attempts (pauses, waits in the queue and crashes' gaps do not count). */
  trainedSec: number;
  /** When its attempt now under way started; null when none is. */
  attemptStartedAt: string | null;
}

/** One run as a search algorithm sees it. */
export interface StoredTrial {
  runId: number;
  trialNumber: number;
  status: RunStatus;
  params: ParamSet;
  /** Best value of the study's objective so far; null when none. */
  objective: number | null;
  epochsDone: number;
}

export const FAILURE_KINDS = ['config', 'environment', 'protocol'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** How one attempt ended: a run status, or 'retried' (failed, queued again) or 'requeued' (pause withdrawn). */
export type AttemptOutcome = 'completed' | 'failed' | 'cancelled' | 'pruned' | 'paused' | 'interrupted' | 'retried' | 'requeued';

export interface AttemptRow {
  runId: number;
  attempt: number;
  /** Epoch of the checkpoint it resumed from (0: from scratch). */
  fromEpoch: number;
  startedAt: string;
  readyAt: string | null;
  endedAt: string | null;
  backend: BackendName | null;
  pid: number | null;
  /** null while it runs (or when its owner died before anyone recorded the end). */
  outcome: AttemptOutcome | null;
  error: string | null;
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
