import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../../../../src/main/core/store/migrate';
import { MIGRATIONS } from '../../../../../../src/main/core/store/migrations';
import { tempDbPath } from '../fixtures';

/** Migration 005 on a database at version 4 holding a pruned run. */
describe('migration 005-pruning', () => {
  it("adds the rung a pruned run reached and a run's stop reason, keeping its rows", () => {
    const db = new Database(tempDbPath());
    db.pragma('foreign_keys = ON');
    migrate(db, 'test.db', MIGRATIONS, 4);
    db.prepare("INSERT INTO dataset VALUES ('d1', 'moons', 'tabular', 'binary', '{}', '/c', 't')").run();
    db.prepare(
      "INSERT INTO study (id, name, spec_json, dataset_id, template, task, algorithm, objective_metric, objective_direction, status, seed, created_at, updated_at) VALUES (1, 's', '{}', 'd1', 'mlp', 'binary', 'random', 'val_loss', 'minimize', 'completed', 0, 't', 't')",
    ).run();
    db.prepare("INSERT INTO run (id, study_id, trial_number, status, seed, params_json, created_at) VALUES (1, 1, 1, 'pruned', 7, '{}', 't')").run();

    migrate(db, 'test.db', MIGRATIONS, 5);
    expect(schemaVersion(db)).toBe(5);
    expect(db.prepare('SELECT rung, stop_reason FROM run WHERE id = 1').get()).toEqual({ rung: null, stop_reason: null });
    db.prepare("UPDATE run SET rung = 2, stop_reason = 'below the top 1/3 at rung 2 (epoch 9)' WHERE id = 1").run();
    expect(() => db.prepare('UPDATE run SET rung = -1 WHERE id = 1').run()).toThrow(/constraint/i);
    db.close();
  });
});
