import { sqlMigration } from '../migrate';

/**
 * Notes and tags on studies and runs (issue 13). Frozen once released.
 *
 * Tables of their own rather than columns on study/run: a note is the user's text, not a fact of the
 * run, and new tables keep this migration independent of rebuilds of the run table (003 rebuilds it).
 * Tags are one row each so "every run tagged baseline" is an index lookup, and the CHECKs keep them
 * short, trimmed and free of commas (the UI and the CLI list them comma-separated).
 */
export const SQL = `
CREATE TABLE study_note (
  study_id    INTEGER PRIMARY KEY REFERENCES study(id) ON DELETE CASCADE,
  note        TEXT NOT NULL CHECK (length(note) <= 20000),
  updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE run_note (
  run_id      INTEGER PRIMARY KEY REFERENCES run(id) ON DELETE CASCADE,
  note        TEXT NOT NULL CHECK (length(note) <= 20000),
  updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE study_tag (
  study_id  INTEGER NOT NULL REFERENCES study(id) ON DELETE CASCADE,
  tag       TEXT NOT NULL CHECK (length(tag) BETWEEN 1 AND 40 AND tag = trim(tag) AND instr(tag, ',') = 0),
  PRIMARY KEY (study_id, tag)
) STRICT, WITHOUT ROWID;

CREATE TABLE run_tag (
  run_id  INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
  tag     TEXT NOT NULL CHECK (length(tag) BETWEEN 1 AND 40 AND tag = trim(tag) AND instr(tag, ',') = 0),
  PRIMARY KEY (run_id, tag)
) STRICT, WITHOUT ROWID;
CREATE INDEX run_tag_by_tag ON run_tag(tag);
`;

export const migration004 = sqlMigration(4, 'notes-tags', SQL);
