import { sqlMigration } from '../migrate';

/**
 * Ensembles, base models and who looked at the test split (issue 12). Frozen once released.
 *
 * - base_model: a TensorFlow.js Layers model a transfer-learning study starts from, copied into the
 *   data directory (`dir`); what the trainer and the study checks need of it is in ref_json.
 * - study.base_model_id: the base model of a study with template transfer.
 * - ensemble / ensemble_member: runs of one study combined by averaging their outputs; weight is how
 *   many times greedy selection (with replacement) picked the member (1 each for top-k). The validation
 *   scores of the ensemble and of each member are stored as computed together in one trainer job.
 * - ensemble_evaluation: test-split looks at an ensemble, as evaluation is for runs.
 * - evaluation.requested_by: who asked for a look at the test split (the CLI, the app), shown with when.
 *
 * New tables and added columns only: no table is rebuilt, so no other migration's rows are touched.
 */
export const SQL = `
CREATE TABLE base_model (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
  dir         TEXT NOT NULL,
  source      TEXT NOT NULL,
  ref_json    TEXT NOT NULL CHECK (json_valid(ref_json)),
  created_at  TEXT NOT NULL
) STRICT;

ALTER TABLE study ADD COLUMN base_model_id INTEGER REFERENCES base_model(id);
CREATE INDEX study_by_base_model ON study(base_model_id);

CREATE TABLE ensemble (
  id                   INTEGER PRIMARY KEY,
  study_id             INTEGER NOT NULL REFERENCES study(id) ON DELETE CASCADE,
  name                 TEXT NOT NULL,
  method               TEXT NOT NULL CHECK (method IN ('top-k', 'greedy', 'selected')),
  val_metrics_json     TEXT NOT NULL CHECK (json_valid(val_metrics_json)),
  confusion_json       TEXT CHECK (confusion_json IS NULL OR json_valid(confusion_json)),
  trace_json           TEXT CHECK (trace_json IS NULL OR json_valid(trace_json)),
  created_at           TEXT NOT NULL
) STRICT;
CREATE INDEX ensemble_by_study ON ensemble(study_id);

CREATE TABLE ensemble_member (
  ensemble_id          INTEGER NOT NULL REFERENCES ensemble(id) ON DELETE CASCADE,
  position             INTEGER NOT NULL CHECK (position >= 0),
  run_id               INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
  weight               INTEGER NOT NULL CHECK (weight >= 1),
  checkpoint           TEXT NOT NULL,
  val_metrics_json     TEXT NOT NULL CHECK (json_valid(val_metrics_json)),
  PRIMARY KEY (ensemble_id, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX ensemble_member_by_run ON ensemble_member(run_id);

CREATE TABLE ensemble_evaluation (
  id              INTEGER PRIMARY KEY,
  ensemble_id     INTEGER NOT NULL REFERENCES ensemble(id) ON DELETE CASCADE,
  split           TEXT NOT NULL CHECK (split IN ('test')),
  metrics_json    TEXT NOT NULL CHECK (json_valid(metrics_json)),
  confusion_json  TEXT CHECK (confusion_json IS NULL OR json_valid(confusion_json)),
  requested_by    TEXT,
  created_at      TEXT NOT NULL
) STRICT;
CREATE INDEX ensemble_evaluation_by_ensemble ON ensemble_evaluation(ensemble_id);

ALTER TABLE evaluation ADD COLUMN requested_by TEXT;
`;

export const migration006 = sqlMigration(6, 'ensembles-base-models', SQL);
