import type { BackendName, RunStatus, StopRequest } from '../../../shared/domain/run';
import type { ParamSet } from '../../../shared/domain/space';
import type { FailureKind, RunRow } from './types';

export interface RunDbRow {
  id: number;
  study_id: number;
  trial_number: number;
  status: string;
  seed: number;
  backend: string | null;
  backend_notes_json: string;
  params_json: string;
  started_at: string | null;
  ended_at: string | null;
  epochs_done: number;
  best_epoch: number | null;
  best_objective: number | null;
  final_objective: number | null;
  error: string | null;
  stderr_tail: string | null;
  last_checkpoint: string | null;
  last_checkpoint_epoch: number | null;
  final_checkpoint: string | null;
  pid: number | null;
  parent_run_id: number | null;
  created_at: string;
  attempt: number;
  failed_attempts: number;
  stop_request: string | null;
  failure_kind: string | null;
  log_tail: string | null;
  rung: number | null;
  stop_reason: string | null;
}

// status, backend, stop_request and failure_kind are held to their enumerations by CHECK constraints.
export const toRun = (r: RunDbRow): RunRow => ({
  id: r.id,
  studyId: r.study_id,
  trialNumber: r.trial_number,
  status: r.status as RunStatus,
  seed: r.seed,
  backend: r.backend as BackendName | null,
  backendNotes: JSON.parse(r.backend_notes_json) as string[],
  params: JSON.parse(r.params_json) as ParamSet,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  epochsDone: r.epochs_done,
  bestEpoch: r.best_epoch,
  bestObjective: r.best_objective,
  finalObjective: r.final_objective,
  error: r.error,
  stderrTail: r.stderr_tail,
  lastCheckpoint: r.last_checkpoint,
  lastCheckpointEpoch: r.last_checkpoint_epoch,
  finalCheckpoint: r.final_checkpoint,
  pid: r.pid,
  parentRunId: r.parent_run_id,
  createdAt: r.created_at,
  attempt: r.attempt,
  failedAttempts: r.failed_attempts,
  stopRequest: r.stop_request as StopRequest | null,
  failureKind: r.failure_kind as FailureKind | null,
  logTail: r.log_tail,
  rung: r.rung,
  stopReason: r.stop_reason,
});
