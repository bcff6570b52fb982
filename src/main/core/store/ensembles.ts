import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/result';
import { nowIso } from './db';

export const ENSEMBLE_METHODS = ['top-k', 'greedy', 'selected'] as const;
export type EnsembleMethod = (typeof ENSEMBLE_METHODS)[number];

export interface EnsembleMemberRow {
  runId: number;
  trialNumber: number;
  /** Times greedy selection picked it (1 each for top-k or a selection): its share of the average. */
  weight: number;
  /** The saved model it contributes (its run's final checkpoint when the ensemble was made). */
  checkpoint: string;
  /** Its validation scores, computed with the ensemble's in one trainer job. */
  valMetrics: Record<string, number>;
}

export interface EnsembleEvaluationRow {
  id: number;
  metrics: Record<string, number>;
  confusion: number[][] | null;
  requestedBy: string | null;
  createdAt: string;
}

export interface EnsembleRow {
  id: number;
  studyId: number;
  name: string;
  method: EnsembleMethod;
  valMetrics: Record<string, number>;
  confusion: number[][] | null;
  /** Greedy selection: the objective after each step. */
  trace: number[] | null;
  createdAt: string;
  members: EnsembleMemberRow[];
  evaluations: EnsembleEvaluationRow[];
}

export interface NewEnsemble {
  studyId: number;
  name: string;
  method: EnsembleMethod;
  valMetrics: Record<string, number>;
  confusion?: number[][];
  trace?: number[];
  members: Omit<EnsembleMemberRow, 'trialNumber'>[];
}

interface EnsembleDbRow {
  id: number;
  study_id: number;
  name: string;
  method: EnsembleMethod;
  val_metrics_json: string;
  confusion_json: string | null;
  trace_json: string | null;
  created_at: string;
}

const json = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

type Write = <T>(what: string, fn: () => T) => T;

/** Ensembles of a study's runs with their members and test-split looks. Writes go through the store's transactions. */
export class EnsembleStore {
  private readonly insert;
  private readonly insertMember;
  private readonly insertEvaluation;
  private readonly byId;
  private readonly byStudy;
  private readonly membersOf;
  private readonly evaluationsOf;
  private readonly runOfStudy;

  constructor(
    db: Database.Database,
    private readonly write: Write,
  ) {
    this.insert = db.prepare(
      'INSERT INTO ensemble (study_id, name, method, val_metrics_json, confusion_json, trace_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertMember = db.prepare('INSERT INTO ensemble_member (ensemble_id, position, run_id, weight, checkpoint, val_metrics_json) VALUES (?, ?, ?, ?, ?, ?)');
    this.insertEvaluation = db.prepare(
      "INSERT INTO ensemble_evaluation (ensemble_id, split, metrics_json, confusion_json, requested_by, created_at) VALUES (?, 'test', ?, ?, ?, ?)",
    );
    this.byId = db.prepare<[number], EnsembleDbRow>('SELECT * FROM ensemble WHERE id = ?');
    this.byStudy = db.prepare<[number], EnsembleDbRow>('SELECT * FROM ensemble WHERE study_id = ? ORDER BY id');
    this.membersOf = db.prepare<[number], { run_id: number; trial_number: number; weight: number; checkpoint: string; val_metrics_json: string }>(
      'SELECT m.run_id, r.trial_number, m.weight, m.checkpoint, m.val_metrics_json FROM ensemble_member m JOIN run r ON r.id = m.run_id WHERE m.ensemble_id = ? ORDER BY m.position',
    );
    this.evaluationsOf = db.prepare<[number], { id: number; metrics_json: string; confusion_json: string | null; requested_by: string | null; created_at: string }>(
      'SELECT id, metrics_json, confusion_json, requested_by, created_at FROM ensemble_evaluation WHERE ensemble_id = ? ORDER BY id',
    );
    this.runOfStudy = db.prepare<[number, number], { id: number }>('SELECT id FROM run WHERE id = ? AND study_id = ?');
  }

  /** Stores an ensemble and its members in one transaction; every member must be a run of the study. */
  add(e: NewEnsemble): EnsembleRow {
    return this.write(`save ensemble "${e.name}" of study ${e.studyId}`, () => {
      for (const m of e.members) {
        if (!this.runOfStudy.get(m.runId, e.studyId)) throw new AppError('invalid_input', `ensemble member: run ${m.runId} is not a run of study ${e.studyId}`);
      }
      const id = Number(
        this.insert.run(e.studyId, e.name, e.method, JSON.stringify(e.valMetrics), e.confusion ? JSON.stringify(e.confusion) : null, e.trace ? JSON.stringify(e.trace) : null, nowIso()).lastInsertRowid,
      );
      e.members.forEach((m, position) => this.insertMember.run(id, position, m.runId, m.weight, m.checkpoint, JSON.stringify(m.valMetrics)));
      return this.get(id)!;
    });
  }

  recordEvaluation(ensembleId: number, e: { metrics: Record<string, number>; confusion?: number[][]; requestedBy?: string | null }): void {
    this.write(`record test evaluation of ensemble ${ensembleId}`, () => {
      if (!this.byId.get(ensembleId)) throw new AppError('not_found', `ensemble ${ensembleId} does not exist`);
      this.insertEvaluation.run(ensembleId, JSON.stringify(e.metrics), e.confusion ? JSON.stringify(e.confusion) : null, e.requestedBy ?? null, nowIso());
    });
  }

  get(id: number): EnsembleRow | undefined {
    const row = this.byId.get(id);
    return row && this.toRow(row);
  }

  list(studyId: number): EnsembleRow[] {
    return this.byStudy.all(studyId).map((r) => this.toRow(r));
  }

  private toRow(r: EnsembleDbRow): EnsembleRow {
    return {
      id: r.id,
      studyId: r.study_id,
      name: r.name,
      method: r.method,
      valMetrics: JSON.parse(r.val_metrics_json) as Record<string, number>,
      confusion: json<number[][]>(r.confusion_json),
      trace: json<number[]>(r.trace_json),
      createdAt: r.created_at,
      members: this.membersOf.all(r.id).map((m) => ({
        runId: m.run_id,
        trialNumber: m.trial_number,
        weight: m.weight,
        checkpoint: m.checkpoint,
        valMetrics: JSON.parse(m.val_metrics_json) as Record<string, number>,
      })),
      evaluations: this.evaluationsOf.all(r.id).map((v) => ({
        id: v.id,
        metrics: JSON.parse(v.metrics_json) as Record<string, number>,
        confusion: json<number[][]>(v.confusion_json),
        requestedBy: v.requested_by,
        createdAt: v.created_at,
      })),
    };
  }
}
