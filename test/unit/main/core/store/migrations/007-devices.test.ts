import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../../../../src/main/core/store/migrate';
import { MIGRATIONS } from '../../../../../../src/main/core/store/migrations';
import { tempDbPath } from '../fixtures';

/** Migration 007 on a database at version 6 (006 is issue 12's) holding a run with an attempt. */
describe('migration 007-devices', () => {
  it('adds device, device_name and threads to runs and attempts, keeps rows, and holds device ids to their form', () => {
    const db = new Database(tempDbPath());
    db.pragma('foreign_keys = ON');
    migrate(db, 'test.db', MIGRATIONS, 6);
    db.prepare("INSERT INTO dataset VALUES ('d1', 'moons', 'tabular', 'binary', '{}', '/c', 't')").run();
    db.prepare(
      "INSERT INTO study (id, name, spec_json, dataset_id, template, task, algorithm, objective_metric, objective_direction, status, seed, created_at, updated_at) VALUES (1, 's', '{}', 'd1', 'mlp', 'binary', 'random', 'val_loss', 'minimize', 'completed', 0, 't', 't')",
    ).run();
    db.prepare("INSERT INTO run (id, study_id, trial_number, status, seed, backend, params_json, created_at, attempt) VALUES (1, 1, 1, 'completed', 7, 'wasm', '{}', 't', 1)").run();
    db.prepare("INSERT INTO run_attempt (run_id, attempt, from_epoch, started_at, backend, outcome) VALUES (1, 1, 0, 't', 'wasm', 'completed')").run();

    migrate(db, 'test.db', MIGRATIONS, 7);
    expect(schemaVersion(db)).toBe(7);
    // Runs from before say nothing of their device: null, not a guess.
    expect(db.prepare('SELECT backend, device, device_name, threads FROM run').get()).toEqual({ backend: 'wasm', device: null, device_name: null, threads: null });
    expect(db.prepare('SELECT backend, device, threads FROM run_attempt').get()).toEqual({ backend: 'wasm', device: null, threads: null });

    db.prepare("UPDATE run SET device = 'gpu:1', device_name = 'nvidia ampere — NVIDIA A100', threads = 1 WHERE id = 1").run();
    db.prepare("UPDATE run_attempt SET device = 'cpu', threads = 2 WHERE run_id = 1").run();
    for (const bad of ["device = 'gpu'", "device = 'GPU:0'", "device = 'tpu:0'", 'threads = 0']) {
      expect(() => db.prepare(`UPDATE run SET ${bad} WHERE id = 1`).run(), bad).toThrow(/constraint/i);
      expect(() => db.prepare(`UPDATE run_attempt SET ${bad} WHERE run_id = 1`).run(), bad).toThrow(/constraint/i);
    }
    expect(db.prepare('SELECT device, device_name, threads FROM run').get()).toEqual({ device: 'gpu:1', device_name: 'nvidia ampere — NVIDIA A100', threads: 1 });
    db.close();
  });
});
