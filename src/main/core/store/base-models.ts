import type Database from 'better-sqlite3';
import { baseModelRefSchema, type BaseModelRef } from '../../../shared/domain/base-model';
import { AppError } from '../../../shared/result';
import { nowIso } from './db';

export interface BaseModelRow {
  id: number;
  name: string;
  /** Where the model's files live (inside the data directory). */
  dir: string;
  /** Where it came from, in words: a run, a bundle folder. */
  source: string;
  ref: BaseModelRef;
  createdAt: string;
}

interface BaseModelDbRow {
  id: number;
  name: string;
  dir: string;
  source: string;
  ref_json: string;
  created_at: string;
}

type Write = <T>(what: string, fn: () => T) => T;

/** Base models of transfer-learning studies. Writes go through the store's transactions. */
export class BaseModelStore {
  private readonly insert;
  private readonly setRef;
  private readonly byId;
  private readonly byName;
  private readonly all;

  constructor(
    db: Database.Database,
    private readonly write: Write,
  ) {
    this.insert = db.prepare("INSERT INTO base_model (name, dir, source, ref_json, created_at) VALUES (?, ?, ?, '{}', ?)");
    this.setRef = db.prepare<[string, number]>('UPDATE base_model SET ref_json = ? WHERE id = ?');
    this.byId = db.prepare<[number], BaseModelDbRow>('SELECT * FROM base_model WHERE id = ?');
    this.byName = db.prepare<[string], BaseModelDbRow>('SELECT * FROM base_model WHERE name = ?');
    this.all = db.prepare<[], BaseModelDbRow>('SELECT * FROM base_model ORDER BY id');
  }

  /** Registers a model whose files are already in `dir`; `ref` is completed with the new id and name. */
  add(input: { name: string; dir: string; source: string; ref: Omit<BaseModelRef, 'id' | 'name' | 'dir'> }): BaseModelRow {
    return this.write(`register base model "${input.name}"`, () => {
      if (this.byName.get(input.name)) throw new AppError('conflict', `base model name ${JSON.stringify(input.name)} is taken; give another with --name`);
      const id = Number(this.insert.run(input.name, input.dir, input.source, nowIso()).lastInsertRowid);
      const ref: BaseModelRef = { ...input.ref, id, name: input.name, dir: input.dir };
      this.setRef.run(JSON.stringify(baseModelRefSchema.parse(ref)), id);
      return this.get(id)!;
    });
  }

  /** By id, or by name (a string of digits is tried as a name first, then as an id). */
  get(idOrName: number | string): BaseModelRow | undefined {
    const row = typeof idOrName === 'number' ? this.byId.get(idOrName) : (this.byName.get(idOrName) ?? (/^\d+$/.test(idOrName) ? this.byId.get(Number(idOrName)) : undefined));
    return row && toRow(row);
  }

  list(): BaseModelRow[] {
    return this.all.all().map(toRow);
  }
}

function toRow(r: BaseModelDbRow): BaseModelRow {
  return { id: r.id, name: r.name, dir: r.dir, source: r.source, ref: baseModelRefSchema.parse(JSON.parse(r.ref_json)), createdAt: r.created_at };
}
