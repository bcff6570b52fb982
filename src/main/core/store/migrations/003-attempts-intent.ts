import { sqlMigration } from '../migrate';

/**
 * Stored intent and attempts (issue 8). Frozen once released.
 *
 * - run.status gains 'paused' (stopped at an epoch boundary because the user paused its study: resumable,
 *   and not the same thing as 'interrupted', which means its owner process went away).
 * - run.backend gains 'webgpu'.
 * - run.stop_request is the user's last word on a running trial (pause, cancel, prune): the scheduler
 *   derives what to do from it, and a trial whose process ends — or whose owner dies — ends in that state.
 * - run.attempt counts launches; run.failed_attempts counts the failures that were not the config's fault
 *   (signal, OOM, heartbeat, disk full), the budget for retries; failure_kind says why a failed run failed.
 * - run.log_tail keeps the last lines the trainer logged.
 * - run_attempt records every launch: when, from which checkpoint epoch, where, and how it ended.
 * - study.status_reason says why a study stopped when it was not the user's doing (a storage failure).
 *
 * The CHECK constraints change, which SQLite can only do by rebuilding the table (create, copy, drop,
 * rename); `rebuildsTables` has migrate() turn foreign keys off around it and check them before commit.
 */
export const SQL = `
CREATE TABLE run_new (
  id                     INTEGER PRIMARY KEY,
  study_id               INTEGER NOT NULL REFERENCES study(id) ON DELETE CASCADE,
  trial_number           INTEGER NOT NULL CHECK (trial_number >= 1),
  status                 TEXT NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled', 'pruned', 'interrupted', 'paused')),
  seed                   INTEGER NOT NULL,
  backend                TEXT CHECK (backend IN ('tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu')),
  backend_notes_json     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(backend_notes_json)),
  params_json            TEXT NOT NULL CHECK (json_valid(params_json)),
  started_at             TEXT,
  ended_at               TEXT,
  epochs_done            INTEGER NOT NULL DEFAULT 0,
  best_epoch             INTEGER,
  best_objective         REAL,
  final_objective        REAL,
  error                  TEXT,
  stderr_tail            TEXT,
  last_checkpoint        TEXT,
  last_checkpoint_epoch  INTEGER,
  final_checkpoint       TEXT,
  pid                    INTEGER,
  parent_run_id          INTEGER REFERENCES run(id) ON DELETE SET NULL,
  created_at             TEXT NOT NULL,
  attempt                INTEGER NOT NULL DEFAULT 0 CHECK (attempt >= 0),
  failed_attempts        INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  stop_request           TEXT CHECK (stop_request IN ('pause', 'cancel', 'prune')),
  failure_kind           TEXT CHECK (failure_kind IN ('config', 'environment', 'protocol')),
  log_tail               TEXT,
  UNIQUE (study_id, trial_number)
) STRICT;

INSERT INTO run_new (id, study_id, trial_number, status, seed, backend, backend_notes_json, params_json, started_at,
  ended_at, epochs_done, best_epoch, best_objective, final_objective, error, stderr_tail, last_checkpoint,
  last_checkpoint_epoch, final_checkpoint, pid, parent_run_id, created_at, attempt)
SELECT id, study_id, trial_number, status, seed, backend, backend_notes_json, params_json, started_at,
  ended_at, epochs_done, best_epoch, best_objective, final_objective, error, stderr_tail, last_checkpoint,
  last_checkpoint_epoch, final_checkpoint, pid, parent_run_id, created_at,
  CASE WHEN started_at IS NULL THEN 0 ELSE 1 END
FROM run;

DROP TABLE run;
ALTER TABLE run_new RENAME TO run;
-- With trial_number, the next queued run (in trial order) is one index probe, however many runs the study has.
CREATE INDEX run_by_study_status ON run(study_id, status, trial_number);
CREATE INDEX run_by_status ON run(status);
CREATE INDEX run_by_parent ON run(parent_run_id);

CREATE TABLE run_attempt (
  run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
  attempt     INTEGER NOT NULL CHECK (attempt >= 1),
  -- Epoch of the checkpoint this attempt resumed from (0: from scratch).
  from_epoch  INTEGER NOT NULL CHECK (from_epoch >= 0),
  started_at  TEXT NOT NULL,
  ready_at    TEXT,
  ended_at    TEXT,
  backend     TEXT,
  pid         INTEGER,
  outcome     TEXT CHECK (outcome IN ('completed', 'failed', 'cancelled', 'pruned', 'paused', 'interrupted', 'retried', 'requeued')),
  error       TEXT,
  PRIMARY KEY (run_id, attempt)
) STRICT, WITHOUT ROWID;

ALTER TABLE study ADD COLUMN status_reason TEXT;
`;

export const migration003 = sqlMigration(3, 'attempts-intent', SQL, { rebuildsTables: true });
