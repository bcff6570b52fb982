import { sqlMigration } from '../migrate';

/**
 * Test-split evaluations. The test split stays unseen while tuning; evaluating a run on it is a
 * deliberate, recorded act, so the app can tell a user that a number came from the test set and when
 * (looking at it repeatedly to pick a model would leak it into the choice). Frozen once released.
 */
export const SQL = `
CREATE TABLE evaluation (
  id              INTEGER PRIMARY KEY,
  run_id          INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
  split           TEXT NOT NULL CHECK (split IN ('test')),
  checkpoint      TEXT NOT NULL,
  metrics_json    TEXT NOT NULL CHECK (json_valid(metrics_json)),
  confusion_json  TEXT CHECK (confusion_json IS NULL OR json_valid(confusion_json)),
  created_at      TEXT NOT NULL
) STRICT;
CREATE INDEX evaluation_by_run ON evaluation(run_id);
`;

export const migration002 = sqlMigration(2, 'evaluation', SQL);
