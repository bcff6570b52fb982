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
  /** From run_attempt (RUN_FIELDS): seconds trained in ended attempts, and the open attempt's start. */
  trained_sec: number;
  attempt_started_at: string | null;
}

/**
 * A run's columns and its training time, which its attempts hold: a run paused overnight has trained
 * for the sum of its attempts, not from its first start to its end. Both look up run_attempt by its
 * primary key's prefix (run_id), so listing 10,000 runs stays one indexed probe per run.
 */
export const RUN_FIELDS = `run.*,
  (SELECT coalesce(sum((julianday(a.ended_at) - julianday(a.started_at)) * 86400.0), 0) FROM run_attempt a WHERE a.run_id = run.id AND a.ended_at IS NOT NULL) AS trained_sec,
  (SELECT a.started_at FROM run_attempt a WHERE a.run_id = run.id AND a.ended_at IS NULL ORDER BY a.attempt DESC LIMIT 1) AS attempt_started_at`;

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
  trainedSec: r.trained_sec,
  attemptStartedAt: r.attempt_started_at,
});
