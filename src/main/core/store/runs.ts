import type Database from 'better-sqlite3';
import { RUN_STATUSES, type ObjectiveDirection, type RunStatus } from '../../../shared/domain/run';
import type { ParamSet } from '../../../shared/domain/space';
import { AppError } from '../../../shared/result';
import { nowIso } from './db';
import { decodeParam, encodeParam, type ParamDbRow } from './param-codec';
import { RUN_FIELDS, toRun, type RunDbRow } from './run-row';
import type { RunRow, StoredTrial } from './types';

export interface NewRun {
  studyId: number;
  params: ParamSet;
  /** A seed, or how to derive it from the trial number the run gets (one source for both). */
  seed: number | ((trialNumber: number) => number);
  /** The run this one clones. */
  parentRunId?: number;
}

/** Statuses whose best objective is final enough to rank (early-stopped runs end as 'completed'). */
const RANKED_STATUSES: readonly RunStatus[] = ['completed', 'pruned'];

/** Creating and reading runs; status changes live in run-lifecycle.ts. Callers own the transaction. */
export class RunTable {
  private readonly nextTrial;
  private readonly insert;
  private readonly insertParam;
  private readonly byId;
  private readonly byStudy;
  private readonly byStudyStatus;
  private readonly paramsOf;
  private readonly paramNamesOf;
  private readonly firstQueued;
  private readonly countOfStudy;
  private readonly countsByStatus;
  private readonly anyWithStatus;
  private readonly records;
  private readonly best: Record<ObjectiveDirection, Database.Statement<[string, number, number], RunDbRow>>;

  constructor(db: Database.Database) {
    const RUN = `SELECT ${RUN_FIELDS} FROM run`;
    this.nextTrial = db.prepare<[number], { n: number }>('SELECT coalesce(max(trial_number), 0) + 1 AS n FROM run WHERE study_id = ?');
    this.insert = db.prepare(`
      INSERT INTO run (study_id, trial_number, status, seed, params_json, parent_run_id, created_at)
      VALUES (@study_id, @trial_number, 'queued', @seed, @params_json, @parent_run_id, @created_at)`);
    this.insertParam = db.prepare('INSERT INTO run_param (run_id, name, kind, num_value, text_value) VALUES (@run_id, @name, @kind, @num_value, @text_value)');
    this.byId = db.prepare<[number], RunDbRow>(`${RUN} WHERE id = ?`);
    this.byStudy = db.prepare<[number], RunDbRow>(`${RUN} WHERE study_id = ? ORDER BY trial_number`);
    this.byStudyStatus = db.prepare<[number, string], RunDbRow>(
      `${RUN} WHERE study_id = ? AND status IN (SELECT value FROM json_each(?)) ORDER BY trial_number`,
    );
    this.paramsOf = db.prepare<[number], ParamDbRow>('SELECT name, kind, num_value, text_value FROM run_param WHERE run_id = ? ORDER BY name');
    this.paramNamesOf = db.prepare<[number], { name: string }>(
      'SELECT DISTINCT p.name FROM run_param p JOIN run r ON r.id = p.run_id WHERE r.study_id = ? ORDER BY p.name',
    );
    this.firstQueued = db.prepare<[number], RunDbRow>(`${RUN} WHERE study_id = ? AND status = 'queued' ORDER BY trial_number LIMIT 1`);
    this.countOfStudy = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM run WHERE study_id = ?');
    this.countsByStatus = db.prepare<[number], { status: RunStatus; n: number }>('SELECT status, count(*) AS n FROM run WHERE study_id = ? GROUP BY status');
    this.anyWithStatus = db.prepare<[number, string], { one: number }>(
      'SELECT 1 AS one FROM run WHERE study_id = ? AND status IN (SELECT value FROM json_each(?)) LIMIT 1',
    );
    this.records = db.prepare<[number], { id: number; trial_number: number; status: RunStatus; params_json: string; best_objective: number | null; epochs_done: number }>(
      'SELECT id, trial_number, status, params_json, best_objective, epochs_done FROM run WHERE study_id = ? ORDER BY trial_number',
    );
    const ranked = (order: 'ASC' | 'DESC') =>
      db.prepare<[string, number, number], RunDbRow>(`
        ${RUN}
        WHERE status IN (SELECT value FROM json_each(?)) AND study_id = ? AND best_objective IS NOT NULL
        ORDER BY best_objective ${order}, best_epoch ASC, trial_number ASC
        LIMIT ?`);
    this.best = { minimize: ranked('ASC'), maximize: ranked('DESC') };
  }

  /** Takes the study's next trial number; run inside a write transaction so two creators cannot collide. */
  create(input: NewRun): RunRow {
    const { studyId, params, parentRunId } = input;
    const trialNumber = this.nextTrial.get(studyId)?.n ?? 1;
    const seed = typeof input.seed === 'function' ? input.seed(trialNumber) : input.seed;
    if (!Number.isSafeInteger(seed)) throw new AppError('invalid_input', `New run of study ${studyId}: seed ${seed} is not an integer`);
    if (parentRunId !== undefined && !this.byId.get(parentRunId)) {
      throw new AppError('not_found', `New run of study ${studyId}: parent run ${parentRunId} not found`);
    }
    const label = `New run of study ${studyId}`;
    const rows = Object.entries(params).map(([name, value]) => encodeParam(label, name, value));
    const { lastInsertRowid } = this.insert.run({
      study_id: studyId,
      trial_number: trialNumber,
      seed,
      params_json: JSON.stringify(params),
      parent_run_id: parentRunId ?? null,
      created_at: nowIso(),
    });
    const runId = Number(lastInsertRowid);
    for (const row of rows) this.insertParam.run({ run_id: runId, ...row });
    return this.require(runId);
  }

  get(id: number): RunRow | undefined {
    const row = this.byId.get(id);
    return row && toRun(row);
  }

  require(id: number): RunRow {
    const run = this.get(id);
    if (!run) throw new AppError('not_found', `Run ${id} not found`);
    return run;
  }

  list(studyId: number, statuses?: readonly RunStatus[]): RunRow[] {
    if (!statuses) return this.byStudy.all(studyId).map(toRun);
    const unknown = statuses.filter((s) => !RUN_STATUSES.includes(s));
    if (unknown.length > 0) throw new AppError('invalid_input', `Run status filter: unknown status ${unknown.map((s) => `"${s}"`).join(', ')}`);
    return this.byStudyStatus.all(studyId, JSON.stringify(statuses)).map(toRun);
  }

  /** The first queued run in trial order, if any: what the scheduler launches next. */
  nextQueued(studyId: number): RunRow | undefined {
    const row = this.firstQueued.get(studyId);
    return row && toRun(row);
  }

  count(studyId: number): number {
    return this.countOfStudy.get(studyId)?.n ?? 0;
  }

  countByStatus(studyId: number): Partial<Record<RunStatus, number>> {
    return Object.fromEntries(this.countsByStatus.all(studyId).map((r) => [r.status, r.n]));
  }

  hasAny(studyId: number, statuses: readonly RunStatus[]): boolean {
    return this.anyWithStatus.get(studyId, JSON.stringify(statuses)) !== undefined;
  }

  /** What a search algorithm sees of each run, read once when the scheduler takes a study up. */
  trialRecords(studyId: number): StoredTrial[] {
    return this.records.all(studyId).map((r) => ({
      runId: r.id,
      trialNumber: r.trial_number,
      status: r.status,
      params: JSON.parse(r.params_json) as ParamSet,
      objective: r.best_objective,
      epochsDone: r.epochs_done,
    }));
  }

  /** Read back from run_param (not params_json), so it shows what SQL queries over params see. */
  params(runId: number): ParamSet {
    return Object.fromEntries(this.paramsOf.all(runId).map((r) => [r.name, decodeParam(r)]));
  }

  paramNames(studyId: number): string[] {
    return this.paramNamesOf.all(studyId).map((r) => r.name);
  }

  /** Finished runs with an objective, best first; ties go to the earlier epoch, then the earlier trial. */
  leaderboard(studyId: number, direction: ObjectiveDirection, limit: number): RunRow[] {
    if (!Number.isInteger(limit) || limit < 1) throw new AppError('invalid_input', `Leaderboard limit ${limit}: must be a positive integer`);
    return this.best[direction].all(JSON.stringify(RANKED_STATUSES), studyId, limit).map(toRun);
  }
}
