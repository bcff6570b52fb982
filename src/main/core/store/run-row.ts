import type { BackendName, RunStatus } from '../../../shared/domain/run';
import type { ParamSet } from '../../../shared/domain/space';
import type { RunRow } from './types';

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
}

// status and backend are held to their enumerations by CHECK constraints.
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
});
