import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../../../../src/main/core/store/migrate';
import { MIGRATIONS } from '../../../../../../src/main/core/store/migrations';
import { tempDbPath } from '../fixtures';

/** Migration 006 on a database at version 5 with a study, a run and a test-split look. */
describe('migration 006-ensembles-base-models', () => {
  it('adds base models, ensembles and who looked at the test split, keeping every row; ensembles go with their study', () => {
    const db = new Database(tempDbPath());
    db.pragma('foreign_keys = ON');
    migrate(db, 'test.db', MIGRATIONS, 5);
    db.prepare("INSERT INTO dataset VALUES ('d1', 'moons', 'tabular', 'binary', '{}', '/c', 't')").run();
    db.prepare(
      "INSERT INTO study (id, name, spec_json, dataset_id, template, task, algorithm, objective_metric, objective_direction, status, seed, created_at, updated_at) VALUES (1, 's', '{}', 'd1', 'mlp', 'binary', 'random', 'val_loss', 'minimize', 'completed', 0, 't', 't')",
    ).run();
    db.prepare("INSERT INTO run (id, study_id, trial_number, status, seed, params_json, created_at) VALUES (1, 1, 1, 'completed', 7, '{}', 't')").run();
    db.prepare("INSERT INTO evaluation (run_id, split, checkpoint, metrics_json, created_at) VALUES (1, 'test', '/cp', '{}', 't')").run();

    migrate(db, 'test.db', MIGRATIONS, 6);
    expect(schemaVersion(db)).toBe(6);
    expect(db.prepare('SELECT base_model_id FROM study').pluck().get()).toBeNull();
    expect(db.prepare('SELECT requested_by FROM evaluation').pluck().get()).toBeNull();
    for (const table of ['base_model', 'ensemble', 'ensemble_member', 'ensemble_evaluation']) {
      expect(db.prepare('SELECT strict FROM pragma_table_list WHERE name = ?').pluck().get(table), table).toBe(1);
    }

    db.prepare("INSERT INTO base_model (id, name, dir, source, ref_json, created_at) VALUES (1, 'shapes-cnn', '/b', 'run 1', '{}', 't')").run();
    expect(() => db.prepare("INSERT INTO base_model (name, dir, source, ref_json, created_at) VALUES ('shapes-cnn', '/c', 'x', '{}', 't')").run()).toThrow(/UNIQUE/);
    db.prepare('UPDATE study SET base_model_id = 1 WHERE id = 1').run();
    expect(() => db.prepare('UPDATE study SET base_model_id = 9 WHERE id = 1').run()).toThrow(/FOREIGN KEY/);
    db.prepare("INSERT INTO ensemble (id, study_id, name, method, val_metrics_json, created_at) VALUES (1, 1, 'top-3', 'top-k', '{\"val_loss\":0.2}', 't')").run();
    db.prepare("INSERT INTO ensemble_member VALUES (1, 0, 1, 2, '/cp', '{}')").run();
    expect(() => db.prepare("INSERT INTO ensemble_member VALUES (1, 1, 1, 0, '/cp', '{}')").run()).toThrow(/constraint/i);
    expect(() => db.prepare("INSERT INTO ensemble (study_id, name, method, val_metrics_json, created_at) VALUES (1, 'x', 'vote', '{}', 't')").run()).toThrow(/constraint/i);
    db.prepare("INSERT INTO ensemble_evaluation (ensemble_id, split, metrics_json, requested_by, created_at) VALUES (1, 'test', '{}', 'cli', 't')").run();

    db.prepare('DELETE FROM study WHERE id = 1').run();
    for (const table of ['ensemble', 'ensemble_member', 'ensemble_evaluation', 'run', 'evaluation']) {
      expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
    }
    // A base model outlives the studies built on it (another study may start from it).
    expect(db.prepare('SELECT count(*) FROM base_model').pluck().get()).toBe(1);
    db.close();
  });
});
