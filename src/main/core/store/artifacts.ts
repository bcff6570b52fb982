import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/result';
import { nowIso } from './db';
import { ARTIFACT_KINDS, type ArtifactKind, type ArtifactRow, type NewArtifact } from './types';

interface ArtifactDbRow {
  id: number;
  run_id: number;
  kind: string;
  epoch: number | null;
  path: string;
  is_best: number;
  meta_json: string;
  created_at: string;
}

const toArtifact = (r: ArtifactDbRow): ArtifactRow => ({
  id: r.id,
  runId: r.run_id,
  kind: r.kind as ArtifactKind,
  epoch: r.epoch,
  path: r.path,
  isBest: r.is_best === 1,
  meta: JSON.parse(r.meta_json) as Record<string, unknown>,
  createdAt: r.created_at,
});

/** Checkpoints and exports of a run (rows only: the files belong to whoever wrote them). */
export class ArtifactTable {
  private readonly insert;
  private readonly byRun;
  private readonly byId;

  constructor(db: Database.Database) {
    this.insert = db.prepare(`
      INSERT INTO artifact (run_id, kind, epoch, path, is_best, meta_json, created_at)
      VALUES (@run_id, @kind, @epoch, @path, @is_best, @meta_json, @created_at)`);
    this.byRun = db.prepare<[number], ArtifactDbRow>('SELECT * FROM artifact WHERE run_id = ? ORDER BY id');
    this.byId = db.prepare<[number], ArtifactDbRow>('SELECT * FROM artifact WHERE id = ?');
  }

  add(runId: number, a: NewArtifact): ArtifactRow {
    if (!ARTIFACT_KINDS.includes(a.kind)) {
      throw new AppError('invalid_input', `Artifact of run ${runId}: kind "${a.kind}" is not one of ${ARTIFACT_KINDS.join(', ')}`);
    }
    if (a.epoch !== null && (!Number.isInteger(a.epoch) || a.epoch < 0)) {
      throw new AppError('invalid_input', `Artifact of run ${runId}: epoch ${a.epoch} must be a non-negative integer or null`);
    }
    if (!a.path) throw new AppError('invalid_input', `Artifact of run ${runId}: path is empty`);
    const { lastInsertRowid } = this.insert.run({
      run_id: runId,
      kind: a.kind,
      epoch: a.epoch,
      path: a.path,
      is_best: a.isBest ? 1 : 0,
      meta_json: JSON.stringify(a.meta ?? {}),
      created_at: nowIso(),
    });
    const row = this.byId.get(Number(lastInsertRowid));
    if (!row) throw new AppError('internal', `Artifact of run ${runId} vanished after insert`);
    return toArtifact(row);
  }

  list(runId: number): ArtifactRow[] {
    return this.byRun.all(runId).map(toArtifact);
  }
}
