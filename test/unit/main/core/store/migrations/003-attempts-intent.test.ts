import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../../../../src/main/core/store/migrate';
import { MIGRATIONS } from '../../../../../../src/main/core/store/migrations';
import { tempDbPath } from '../fixtures';

/** Migration 003 rebuilds the run table: on a v2 database with runs that others reference. */
describe('migration 003-attempts-intent', () => {
  it('keeps every run and every row that references one, and adds attempts, intent and the new statuses', () => {
    const db = new Database(tempDbPath());
    db.pragma('foreign_keys = ON');
    migrate(db, 'test.db', MIGRATIONS, 2);
    db.prepare("INSERT INTO dataset VALUES ('d1', 'moons', 'tabular', 'binary', '{}', '/c', 't')").run();
    db.prepare(
      "INSERT INTO study (id, name, spec_json, dataset_id, template, task, algorithm, objective_metric, objective_direction, status, seed, created_at, updated_at) VALUES (1, 's', '{}', 'd1', 'mlp', 'binary', 'random', 'val_loss', 'minimize', 'completed', 0, 't', 't')",
    ).run();
    db.prepare("INSERT INTO run (id, study_id, trial_number, status, seed, params_json, started_at, epochs_done, created_at) VALUES (1, 1, 1, 'completed', 7, '{\"units\":8}', 's', 3, 't')").run();
    db.prepare("INSERT INTO run (id, study_id, trial_number, status, seed, params_json, parent_run_id, created_at) VALUES (2, 1, 2, 'queued', 8, '{}', 1, 't')").run();
    db.prepare("INSERT INTO run_param VALUES (1, 'units', 'num', 8, NULL)").run();
    db.prepare("INSERT INTO metric VALUES (1, 'val_loss', 1, 0.5, 1)").run();
    db.prepare("INSERT INTO artifact (run_id, kind, epoch, path, created_at) VALUES (1, 'checkpoint', 1, '/ck', 't')").run();
    db.prepare("INSERT INTO evaluation (run_id, split, checkpoint, metrics_json, created_at) VALUES (1, 'test', '/ck', '{}', 't')").run();

    migrate(db, 'test.db', MIGRATIONS, 3);
    expect(schemaVersion(db)).toBe(3);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1); // turned back on after the rebuild
    for (const table of ['run', 'run_param', 'metric', 'artifact', 'evaluation']) {
      expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBeGreaterThan(0);
    }
    expect(db.prepare('SELECT id, attempt, failed_attempts, stop_request, parent_run_id FROM run ORDER BY id').all()).toEqual([
      { id: 1, attempt: 1, failed_attempts: 0, stop_request: null, parent_run_id: null },
      { id: 2, attempt: 0, failed_attempts: 0, stop_request: null, parent_run_id: 1 },
    ]);
    expect(db.prepare("SELECT strict FROM pragma_table_list WHERE name = 'run'").pluck().get()).toBe(1);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'run' AND name LIKE 'run_by_%'").pluck().get()).toBe(3);

    db.prepare("UPDATE run SET status = 'paused', backend = 'webgpu', stop_request = 'pause' WHERE id = 2").run();
    expect(() => db.prepare("UPDATE run SET stop_request = 'later' WHERE id = 2").run()).toThrow(/constraint/i);
    db.prepare("INSERT INTO run_attempt (run_id, attempt, from_epoch, started_at, outcome) VALUES (2, 1, 0, 't', 'retried')").run();
    db.prepare("UPDATE study SET status_reason = 'disk full' WHERE id = 1").run();
    // The foreign keys of the other tables point at the rebuilt table: deleting the study cascades.
    db.prepare('DELETE FROM study WHERE id = 1').run();
    for (const table of ['run', 'run_param', 'metric', 'artifact', 'evaluation', 'run_attempt']) {
      expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
    }
    db.close();
  });
});
