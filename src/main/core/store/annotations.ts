import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/result';
import { nowIso } from './db';

/** A user's note and tags on a study or a run (migration 004). */
export interface Annotation {
  note: string;
  tags: string[];
}

export interface AnnotationPatch {
  /** '' clears the note. */
  note?: string;
  /** Replaces the tags (duplicates dropped; read back alphabetically). */
  tags?: string[];
}

export const MAX_NOTE_CHARS = 20_000;
export const MAX_TAG_CHARS = 40;
export const MAX_TAGS = 30;

/** Trimmed, de-duplicated tags; a bad one is refused by name, nothing is half-written. */
export function normalizeTags(tags: readonly string[], owner: string): string[] {
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim().replace(/\s+/g, ' ');
    if (tag === '') continue;
    if (tag.length > MAX_TAG_CHARS) throw new AppError('invalid_input', `tags: "${tag.slice(0, 20)}…" on ${owner} is longer than ${MAX_TAG_CHARS} characters`);
    if (tag.includes(',')) throw new AppError('invalid_input', `tags: "${tag}" on ${owner} contains a comma (tags are listed comma-separated)`);
    if (!out.includes(tag)) out.push(tag);
  }
  if (out.length > MAX_TAGS) throw new AppError('invalid_input', `tags: ${owner} would have ${out.length} tags; at most ${MAX_TAGS}`);
  return out;
}

function checkNote(note: string, owner: string): string {
  if (note.length > MAX_NOTE_CHARS) throw new AppError('invalid_input', `note: the note on ${owner} has ${note.length} characters; at most ${MAX_NOTE_CHARS}`);
  return note;
}

type Kind = 'study' | 'run';

/** Notes and tags of one kind of owner; the SQL differs only in table and key names. */
class OwnerAnnotations {
  private readonly getNote;
  private readonly putNote;
  private readonly dropNote;
  private readonly getTags;
  private readonly dropTags;
  private readonly addTag;

  constructor(
    db: Database.Database,
    readonly kind: Kind,
  ) {
    const key = `${kind}_id`;
    this.getNote = db.prepare<[number], { note: string }>(`SELECT note FROM ${kind}_note WHERE ${key} = ?`);
    this.putNote = db.prepare<[number, string, string]>(
      `INSERT INTO ${kind}_note (${key}, note, updated_at) VALUES (?, ?, ?) ON CONFLICT (${key}) DO UPDATE SET note = excluded.note, updated_at = excluded.updated_at`,
    );
    this.dropNote = db.prepare<[number]>(`DELETE FROM ${kind}_note WHERE ${key} = ?`);
    // Tags read back alphabetically (the key order), whatever order they were given in.
    this.getTags = db.prepare<[number], { tag: string }>(`SELECT tag FROM ${kind}_tag WHERE ${key} = ? ORDER BY tag`);
    this.dropTags = db.prepare<[number]>(`DELETE FROM ${kind}_tag WHERE ${key} = ?`);
    this.addTag = db.prepare<[number, string]>(`INSERT INTO ${kind}_tag (${key}, tag) VALUES (?, ?)`);
  }

  get(id: number): Annotation {
    return { note: this.getNote.get(id)?.note ?? '', tags: this.getTags.all(id).map((r) => r.tag) };
  }

  set(id: number, patch: AnnotationPatch): Annotation {
    const owner = `${this.kind} ${id}`;
    if (patch.note !== undefined) {
      const note = checkNote(patch.note, owner);
      if (note.trim() === '') this.dropNote.run(id);
      else this.putNote.run(id, note, nowIso());
    }
    if (patch.tags !== undefined) {
      const tags = normalizeTags(patch.tags, owner);
      this.dropTags.run(id);
      for (const tag of tags) this.addTag.run(id, tag);
    }
    return this.get(id);
  }
}

export class AnnotationTables {
  readonly studies: OwnerAnnotations;
  readonly runs: OwnerAnnotations;
  private readonly runNotesOfStudy;
  private readonly runTagsOfStudy;
  private readonly allStudyNotes;
  private readonly allStudyTags;

  constructor(db: Database.Database) {
    this.studies = new OwnerAnnotations(db, 'study');
    this.runs = new OwnerAnnotations(db, 'run');
    this.runNotesOfStudy = db.prepare<[number], { id: number; note: string }>(
      'SELECT r.id, n.note FROM run r JOIN run_note n ON n.run_id = r.id WHERE r.study_id = ?',
    );
    this.runTagsOfStudy = db.prepare<[number], { id: number; tag: string }>(
      'SELECT r.id, t.tag FROM run r JOIN run_tag t ON t.run_id = r.id WHERE r.study_id = ? ORDER BY t.tag',
    );
    this.allStudyNotes = db.prepare<[], { id: number; note: string }>('SELECT study_id AS id, note FROM study_note');
    this.allStudyTags = db.prepare<[], { id: number; tag: string }>('SELECT study_id AS id, tag FROM study_tag ORDER BY tag');
  }

  /** Annotated runs of a study only (most runs have none): one query for notes, one for tags. */
  runsOfStudy(studyId: number): Map<number, Annotation> {
    return collect(this.runNotesOfStudy.all(studyId), this.runTagsOfStudy.all(studyId));
  }

  /** Annotated studies only. */
  allStudies(): Map<number, Annotation> {
    return collect(this.allStudyNotes.all(), this.allStudyTags.all());
  }
}

function collect(notes: { id: number; note: string }[], tags: { id: number; tag: string }[]): Map<number, Annotation> {
  const out = new Map<number, Annotation>();
  const of = (id: number) => {
    let a = out.get(id);
    if (!a) out.set(id, (a = { note: '', tags: [] }));
    return a;
  };
  for (const n of notes) of(n.id).note = n.note;
  for (const t of tags) of(t.id).tags.push(t.tag);
  return out;
}
