import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../../../../src/main/core/store/migrate';
import { MIGRATIONS } from '../../../../../../src/main/core/store/migrations';
import { tempDbPath } from '../fixtures';

const TABLES = ['artifact', 'dataset', 'metric', 'run', 'run_param', 'schema_migrations', 'study'];

function migratedTo1() {
  const db = new Database(tempDbPath());
  db.pragma('foreign_keys = ON');
  expect(schemaVersion(db)).toBe(0); // N-1 for the first migration: an empty file
  migrate(db, 'test.db', MIGRATIONS, 1);
  return db;
}

function seed(db: Database.Database) {
  db.prepare("INSERT INTO dataset VALUES ('d1', 'moons', 'tabular', 'binary', '{}', '/c', 't')").run();
  db.prepare(
    "INSERT INTO study (id, name, spec_json, dataset_id, template, task, algorithm, objective_metric, objective_direction, status, seed, created_at, updated_at) VALUES (1, 's', '{}', 'd1', 'mlp', 'binary', 'random', 'val_loss', 'minimize', 'created', 0, 't', 't')",
  ).run();
  db.prepare("INSERT INTO run (id, study_id, trial_number, status, seed, params_json, created_at) VALUES (1, 1, 1, 'queued', 7, '{}', 't')").run();
}

describe('migration 001-initial', () => {
  it('creates every table as STRICT and records itself', () => {
    const db = migratedTo1();
    const tables = db.prepare("SELECT name, strict, wr FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
      name: string;
      strict: number;
      wr: number;
    }[];
    expect(tables.map((t) => t.name)).toEqual(TABLES);
    expect(tables.every((t) => t.strict === 1)).toBe(true);
    expect(tables.filter((t) => t.wr === 1).map((t) => t.name)).toEqual(['metric', 'run_param']);
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare('SELECT version, name FROM schema_migrations').all()).toEqual([{ version: 1, name: 'initial' }]);
    const indexes = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").pluck().all();
    expect(indexes).toEqual(expect.arrayContaining(['run_by_study_status', 'run_by_status', 'study_by_dataset', 'artifact_by_run']));
    db.close();
  });

  it('accepts rows that fit and enforces types, enumerations and foreign keys', () => {
    const db = migratedTo1();
    seed(db);
    db.prepare("INSERT INTO run_param VALUES (1, 'lr', 'num', 0.01, NULL), (1, 'opt', 'text', NULL, 'adam'), (1, 'bn', 'bool', NULL, 'true')").run();
    db.prepare("INSERT INTO metric VALUES (1, 'loss', 1, 0.5, 10.0), (1, 'loss', 2, NULL, 11.0)").run();
    expect(db.prepare('SELECT count(*) FROM metric').pluck().get()).toBe(2);

    const rejects = (sql: string) => expect(() => db.prepare(sql).run(), sql).toThrow(/constraint|cannot store/i);
    rejects("INSERT INTO run (study_id, trial_number, status, seed, params_json, created_at) VALUES (1, 2, 'sleeping', 0, '{}', 't')");
    rejects("INSERT INTO run (study_id, trial_number, status, seed, params_json, created_at) VALUES (99, 2, 'queued', 0, '{}', 't')");
    rejects("INSERT INTO run (study_id, trial_number, status, seed, params_json, created_at) VALUES (1, 1, 'queued', 0, '{}', 't')");
    rejects("INSERT INTO run (study_id, trial_number, status, seed, params_json, created_at) VALUES (1, 3, 'queued', 'x', '{}', 't')");
    rejects("INSERT INTO run_param VALUES (1, 'x', 'num', NULL, 'abc')");
    rejects("INSERT INTO run_param VALUES (1, 'y', 'bool', NULL, 'yes')");
    rejects("INSERT INTO metric VALUES (1, 'loss', 3, 'high', 12.0)");
    rejects("UPDATE study SET objective_direction = 'up'");
    db.close();
  });

  it('cascades a study delete to runs, params, metrics and artifacts', () => {
    const db = migratedTo1();
    seed(db);
    db.prepare("INSERT INTO run_param VALUES (1, 'lr', 'num', 0.01, NULL)").run();
    db.prepare("INSERT INTO metric VALUES (1, 'loss', 1, 0.5, 10.0)").run();
    db.prepare("INSERT INTO artifact (run_id, kind, path, created_at) VALUES (1, 'checkpoint', '/c', 't')").run();
    db.prepare('DELETE FROM study WHERE id = 1').run();
    for (const t of ['run', 'run_param', 'metric', 'artifact']) expect(db.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), t).toBe(0);
    db.close();
  });
});
