import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../../../../src/main/core/store/migrate';
import { MIGRATIONS } from '../../../../../../src/main/core/store/migrations';
import { tempDbPath } from '../fixtures';

/** Migration 004 on a database at version 3 that already holds a study with a run. */
describe('migration 004-notes-tags', () => {
  it('adds note and tag tables that keep existing rows, refuse bad tags and cascade with their owners', () => {
    const db = new Database(tempDbPath());
    db.pragma('foreign_keys = ON');
    migrate(db, 'test.db', MIGRATIONS, 3);
    db.prepare("INSERT INTO dataset VALUES ('d1', 'moons', 'tabular', 'binary', '{}', '/c', 't')").run();
    db.prepare(
      "INSERT INTO study (id, name, spec_json, dataset_id, template, task, algorithm, objective_metric, objective_direction, status, seed, created_at, updated_at) VALUES (1, 's', '{}', 'd1', 'mlp', 'binary', 'random', 'val_loss', 'minimize', 'completed', 0, 't', 't')",
    ).run();
    db.prepare("INSERT INTO run (id, study_id, trial_number, status, seed, params_json, created_at) VALUES (1, 1, 1, 'completed', 7, '{}', 't')").run();

    migrate(db, 'test.db', MIGRATIONS, 4);
    expect(schemaVersion(db)).toBe(4);
    expect(db.prepare('SELECT count(*) FROM run').pluck().get()).toBe(1);
    for (const table of ['study_note', 'run_note', 'study_tag', 'run_tag']) {
      expect(db.prepare('SELECT strict FROM pragma_table_list WHERE name = ?').pluck().get(table), table).toBe(1);
    }

    db.prepare("INSERT INTO study_note VALUES (1, 'lr above 0.05 diverges', 't')").run();
    db.prepare("INSERT INTO run_note VALUES (1, 'baseline', 't')").run();
    db.prepare("INSERT INTO study_tag VALUES (1, 'baseline')").run();
    db.prepare("INSERT INTO run_tag VALUES (1, 'keep')").run();
    const badTag = db.prepare('INSERT INTO run_tag VALUES (1, ?)');
    for (const tag of ['', ' padded', 'a,b', 'x'.repeat(41)]) expect(() => badTag.run(tag), JSON.stringify(tag)).toThrow(/constraint/i);
    expect(() => db.prepare("INSERT INTO run_note VALUES (9, 'orphan', 't')").run()).toThrow(/constraint/i);

    db.prepare('DELETE FROM run WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) FROM run_note').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM run_tag').pluck().get()).toBe(0);
    db.prepare('DELETE FROM study WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) FROM study_note').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM study_tag').pluck().get()).toBe(0);
    db.close();
  });
});
