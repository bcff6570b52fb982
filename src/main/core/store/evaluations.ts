import type Database from 'better-sqlite3';
import { nowIso } from './db';

export interface EvaluationRow {
  id: number;
  runId: number;
  split: 'test';
  checkpoint: string;
  metrics: Record<string, number>;
  confusion: number[][] | null;
  /** Who asked for the look (the CLI, the app), when they said. */
  requestedBy: string | null;
  createdAt: string;
}

interface EvaluationDbRow {
  id: number;
  run_id: number;
  split: 'test';
  checkpoint: string;
  metrics_json: string;
  confusion_json: string | null;
  requested_by: string | null;
  created_at: string;
}

const toRow = (r: EvaluationDbRow): EvaluationRow => ({
  id: r.id,
  runId: r.run_id,
  split: r.split,
  checkpoint: r.checkpoint,
  metrics: JSON.parse(r.metrics_json) as Record<string, number>,
  confusion: r.confusion_json ? (JSON.parse(r.confusion_json) as number[][]) : null,
  requestedBy: r.requested_by,
  createdAt: r.created_at,
});

/** Recorded test-split evaluations of runs. */
export class EvaluationTable {
  private readonly insert;
  private readonly byRun;
  private readonly byStudy;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      'INSERT INTO evaluation (run_id, split, checkpoint, metrics_json, confusion_json, requested_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.byRun = db.prepare<[number], EvaluationDbRow>('SELECT * FROM evaluation WHERE run_id = ? ORDER BY id');
    this.byStudy = db.prepare<[number], EvaluationDbRow>('SELECT e.* FROM evaluation e JOIN run r ON r.id = e.run_id WHERE r.study_id = ? ORDER BY e.id');
  }

  add(runId: number, e: { checkpoint: string; metrics: Record<string, number>; confusion?: number[][]; requestedBy?: string | null }): void {
    this.insert.run(runId, 'test', e.checkpoint, JSON.stringify(e.metrics), e.confusion ? JSON.stringify(e.confusion) : null, e.requestedBy ?? null, nowIso());
  }

  list(runId: number): EvaluationRow[] {
    return this.byRun.all(runId).map(toRow);
  }

  /** Every look at the test split by the runs of a study, oldest first. */
  listForStudy(studyId: number): EvaluationRow[] {
    return this.byStudy.all(studyId).map(toRow);
  }
}
