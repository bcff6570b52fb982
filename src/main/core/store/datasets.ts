import type Database from 'better-sqlite3';
import { datasetMetaSchema, type DatasetMeta, type DatasetRef } from '../../../shared/domain/dataset';
import { AppError } from '../../../shared/result';
import { nowIso } from './db';

interface DatasetDbRow {
  id: string;
  name: string;
  meta_json: string;
  cache_dir: string;
}

/** A hash prefix shorter than this is too likely to be a typo of a name. */
const MIN_PREFIX = 4;

const toRef = (row: DatasetDbRow): DatasetRef => ({ meta: JSON.parse(row.meta_json) as DatasetMeta, cacheDir: row.cache_dir });

export class DatasetTable {
  private readonly byId;
  private readonly byName;
  private readonly byPrefix;
  private readonly all;
  private readonly upsert;
  private readonly remove;
  private readonly studiesUsing;
  private readonly setName;

  constructor(db: Database.Database) {
    this.byId = db.prepare<[string], DatasetDbRow>('SELECT * FROM dataset WHERE id = ?');
    this.byName = db.prepare<[string], DatasetDbRow>('SELECT * FROM dataset WHERE name = ?');
    this.byPrefix = db.prepare<[string, string], DatasetDbRow>('SELECT * FROM dataset WHERE substr(id, 1, length(?)) = ? LIMIT 2');
    this.all = db.prepare<[], DatasetDbRow>('SELECT * FROM dataset ORDER BY name');
    this.upsert = db.prepare(`
      INSERT INTO dataset (id, name, kind, task, meta_json, cache_dir, created_at)
      VALUES (@id, @name, @kind, @task, @meta_json, @cache_dir, @created_at)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, task = excluded.task,
        meta_json = excluded.meta_json, cache_dir = excluded.cache_dir`);
    this.remove = db.prepare<[string]>('DELETE FROM dataset WHERE id = ?');
    this.studiesUsing = db.prepare<[string], { name: string }>('SELECT name FROM study WHERE dataset_id = ? ORDER BY id');
    this.setName = db.prepare<[string, string, string]>("UPDATE dataset SET name = ?, meta_json = json_set(meta_json, '$.name', ?) WHERE id = ?");
  }

  /** Same content hash → same row (re-import refreshes name, meta and cache path). */
  upsertDataset(meta: DatasetMeta, cacheDir: string): void {
    const parsed = datasetMetaSchema.safeParse(meta);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError('invalid_input', `Dataset meta field \`${issue?.path.join('.') ?? '?'}\`: ${issue?.message ?? 'invalid'}`);
    }
    if (!cacheDir) throw new AppError('invalid_input', `Dataset ${meta.name}: cacheDir is empty`);
    const holder = this.byName.get(meta.name);
    if (holder && holder.id !== meta.id) {
      throw new AppError('conflict', `Dataset name "${meta.name}" is already used by dataset ${holder.id.slice(0, 12)}; choose another name`);
    }
    this.upsert.run({
      id: meta.id,
      name: meta.name,
      kind: meta.kind,
      task: meta.task,
      meta_json: JSON.stringify(parsed.data),
      cache_dir: cacheDir,
      created_at: nowIso(),
    });
  }

  /** Exact id, then exact name, then a unique id prefix (at least 4 characters). */
  getDataset(key: string): DatasetRef | undefined {
    const exact = this.byId.get(key) ?? this.byName.get(key);
    if (exact) return toRef(exact);
    if (key.length < MIN_PREFIX) return undefined;
    const matches = this.byPrefix.all(key, key);
    if (matches.length > 1) {
      throw new AppError('invalid_input', `Dataset "${key}" is ambiguous: several dataset ids start with it; give more characters`);
    }
    return matches[0] ? toRef(matches[0]) : undefined;
  }

  listDatasets(): DatasetRef[] {
    return this.all.all().map(toRef);
  }

  /** Refuses while studies use the dataset: their runs' curves would lose their meaning. */
  deleteDataset(id: string): void {
    const row = this.byId.get(id);
    if (!row) throw new AppError('not_found', `Dataset ${id} not found`);
    const users = this.studiesUsing.all(id).map((s) => s.name);
    if (users.length > 0) {
      const shown = users.slice(0, 5).map((n) => `"${n}"`).join(', ') + (users.length > 5 ? ', …' : '');
      throw new AppError('conflict', `Dataset "${row.name}" is used by ${users.length} studies (${shown}); delete them first`);
    }
    this.remove.run(id);
  }

  /**
   * A new display name. Studies keep working: they refer to the dataset by content hash. `sample:` names
   * are the built-in samples' and cannot be taken.
   */
  rename(id: string, newName: string): DatasetRef {
    const row = this.byId.get(id);
    if (!row) throw new AppError('not_found', `Dataset ${id} not found`);
    const name = newName.trim();
    if (name === '') throw new AppError('invalid_input', `name: the new name of dataset "${row.name}" is empty`);
    if (name.length > 200) throw new AppError('invalid_input', `name: the new name of dataset "${row.name}" is longer than 200 characters`);
    if (name.startsWith('sample:')) throw new AppError('invalid_input', `name: "${name}" starts with "sample:", which names the built-in samples`);
    const holder = this.byName.get(name);
    if (holder && holder.id !== id) throw new AppError('conflict', `name: "${name}" is already the name of dataset ${holder.id.slice(0, 12)}; choose another name`);
    this.setName.run(name, name, id);
    return toRef(this.byId.get(id)!);
  }

  /** Names of the studies that use the dataset, oldest first. */
  usedBy(id: string): string[] {
    return this.studiesUsing.all(id).map((s) => s.name);
  }

  exists(id: string): boolean {
    return this.byId.get(id) !== undefined;
  }
}
