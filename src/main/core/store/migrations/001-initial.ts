import { sqlMigration } from '../migrate';

/**
 * The first schema. Frozen: once released, edit nothing here (the checksum check refuses databases
 * migrated with a different text); add 002-… instead. Enumerations are written out literally rather
 * than built from the shared constants for the same reason: a new RunStatus must arrive with its own
 * migration, not silently change this one's text.
 */
export const SQL = `
CREATE TABLE dataset (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  kind        TEXT NOT NULL CHECK (kind IN ('tabular', 'image')),
  task        TEXT NOT NULL CHECK (task IN ('binary', 'multiclass', 'regression')),
  meta_json   TEXT NOT NULL CHECK (json_valid(meta_json)),
  cache_dir   TEXT NOT NULL,
  created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE study (
  id                   INTEGER PRIMARY KEY,
  name                 TEXT NOT NULL,
  spec_json            TEXT NOT NULL CHECK (json_valid(spec_json)),
  dataset_id           TEXT NOT NULL REFERENCES dataset(id),
  template             TEXT NOT NULL,
  task                 TEXT NOT NULL CHECK (task IN ('binary', 'multiclass', 'regression')),
  algorithm            TEXT NOT NULL,
  objective_metric     TEXT NOT NULL,
  objective_direction  TEXT NOT NULL CHECK (objective_direction IN ('minimize', 'maximize')),
  status               TEXT NOT NULL CHECK (status IN ('created', 'running', 'paused', 'completed', 'failed', 'interrupted')),
  seed                 INTEGER NOT NULL,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL
) STRICT;
CREATE INDEX study_by_name ON study(name, id);
-- Without it, deleting a dataset scans every study to enforce the foreign key.
CREATE INDEX study_by_dataset ON study(dataset_id);

CREATE TABLE run (
  id                     INTEGER PRIMARY KEY,
  study_id               INTEGER NOT NULL REFERENCES study(id) ON DELETE CASCADE,
  trial_number           INTEGER NOT NULL CHECK (trial_number >= 1),
  status                 TEXT NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled', 'pruned', 'interrupted')),
  seed                   INTEGER NOT NULL,
  backend                TEXT CHECK (backend IN ('tensorflow-gpu', 'tensorflow', 'wasm', 'cpu')),
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
  UNIQUE (study_id, trial_number)
) STRICT;
CREATE INDEX run_by_study_status ON run(study_id, status);
-- Startup recovery looks for every 'running' run across studies.
CREATE INDEX run_by_status ON run(status);
CREATE INDEX run_by_parent ON run(parent_run_id);

-- One row per hyperparameter so tables and parallel coordinates are plain SQL. kind keeps booleans
-- apart from the strings 'true'/'false' so values round-trip exactly.
CREATE TABLE run_param (
  run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('num', 'text', 'bool')),
  num_value   REAL,
  text_value  TEXT,
  PRIMARY KEY (run_id, name),
  CHECK ((kind = 'num') = (num_value IS NOT NULL) AND (kind = 'num') = (text_value IS NULL)),
  CHECK (kind <> 'bool' OR text_value IN ('true', 'false'))
) STRICT, WITHOUT ROWID;

-- The curves. value is NULL when the trainer reported a non-finite number (a diverged loss).
CREATE TABLE metric (
  run_id     INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  step       INTEGER NOT NULL,
  value      REAL,
  wall_time  REAL NOT NULL,
  PRIMARY KEY (run_id, name, step)
) STRICT, WITHOUT ROWID;

CREATE TABLE artifact (
  id          INTEGER PRIMARY KEY,
  run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('checkpoint', 'export')),
  epoch       INTEGER,
  path        TEXT NOT NULL,
  is_best     INTEGER NOT NULL DEFAULT 0 CHECK (is_best IN (0, 1)),
  meta_json   TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(meta_json)),
  created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX artifact_by_run ON artifact(run_id);
`;

export const migration001 = sqlMigration(1, 'initial', SQL);
