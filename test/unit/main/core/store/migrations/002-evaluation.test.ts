import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../../../../src/main/core/store/migrate';
import { MIGRATIONS } from '../../../../../../src/main/core/store/migrations';
import { tempDbPath } from '../fixtures';

/** Migration 002 on a database at version 1 that already holds a study with a run. */
describe('migration 002-evaluation', () => {
  it('adds the evaluation table, keeps existing rows, and cascades with runs', () => {
    const db = new Database(tempDbPath());
    db.pragma('foreign_keys = ON');
    migrate(db, 'test.db', MIGRATIONS, 1);
    db.prepare("INSERT INTO dataset VALUES ('d1', 'moons', 'tabular', 'binary', '{}', '/c', 't')").run();
    db.prepare(
      "INSERT INTO study (id, name, spec_json, dataset_id, template, task, algorithm, objective_metric, objective_direction, status, seed, created_at, updated_at) VALUES (1, 's', '{}', 'd1', 'mlp', 'binary', 'random', 'val_loss', 'minimize', 'completed', 0, 't', 't')",
    ).run();
    db.prepare("INSERT INTO run (id, study_id, trial_number, status, seed, params_json, created_at) VALUES (1, 1, 1, 'completed', 7, '{}', 't')").run();

    migrate(db, 'test.db', MIGRATIONS, 2);
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT count(*) FROM run').pluck().get()).toBe(1);
    expect(db.prepare("SELECT strict FROM pragma_table_list WHERE name = 'evaluation'").pluck().get()).toBe(1);

    db.prepare("INSERT INTO evaluation (run_id, split, checkpoint, metrics_json, created_at) VALUES (1, 'test', '/cp', '{\"test_loss\":0.3}', 't')").run();
    expect(() => db.prepare("INSERT INTO evaluation (run_id, split, checkpoint, metrics_json, created_at) VALUES (1, 'val', '/cp', '{}', 't')").run()).toThrow(/constraint/i);
    expect(() => db.prepare("INSERT INTO evaluation (run_id, split, checkpoint, metrics_json, created_at) VALUES (9, 'test', '/cp', '{}', 't')").run()).toThrow(/constraint/i);
    db.prepare('DELETE FROM study WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) FROM evaluation').pluck().get()).toBe(0);
    db.close();
  });
});
