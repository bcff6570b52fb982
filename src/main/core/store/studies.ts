import type Database from 'better-sqlite3';
import { STUDY_STATUSES, RUN_STATUSES, type RunStatus, type StudyStatus } from '../../../shared/domain/run';
import type { Task } from '../../../shared/domain/hparams';
import type { StudySpec } from '../../../shared/domain/study-spec';
import { AppError } from '../../../shared/result';
import { nowIso } from './db';
import type { StudyRow, StudySummary } from './types';

interface StudyDbRow {
  id: number;
  name: string;
  spec_json: string;
  dataset_id: string;
  template: string;
  task: string;
  algorithm: string;
  objective_metric: string;
  objective_direction: string;
  status: string;
  status_reason: string | null;
  base_model_id: number | null;
  seed: number;
  created_at: string;
  updated_at: string;
}

// The CHECK constraints guarantee the enumerations, so the casts below only restate them.
const toStudy = (r: StudyDbRow): StudyRow => ({
  id: r.id,
  name: r.name,
  spec: JSON.parse(r.spec_json) as StudySpec,
  datasetId: r.dataset_id,
  template: r.template as StudyRow['template'],
  task: r.task as Task,
  algorithm: r.algorithm as StudyRow['algorithm'],
  objectiveMetric: r.objective_metric,
  objectiveDirection: r.objective_direction as StudyRow['objectiveDirection'],
  status: r.status as StudyStatus,
  statusReason: r.status_reason,
  baseModelId: r.base_model_id,
  seed: r.seed,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const emptyCounts = (): Record<RunStatus, number> =>
  Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>;

export class StudyTable {
  private readonly insert;
  private readonly byId;
  private readonly newestByName;
  private readonly all;
  private readonly countsByStatus;
  private readonly bestByStudy;
  private readonly updateStatus;
  private readonly remove;

  constructor(db: Database.Database) {
    this.insert = db.prepare(`
      INSERT INTO study (name, spec_json, dataset_id, template, task, algorithm, objective_metric,
        objective_direction, status, seed, base_model_id, created_at, updated_at)
      VALUES (@name, @spec_json, @dataset_id, @template, @task, @algorithm, @objective_metric,
        @objective_direction, 'created', @seed, @base_model_id, @now, @now)`);
    this.byId = db.prepare<[number], StudyDbRow>('SELECT * FROM study WHERE id = ?');
    this.newestByName = db.prepare<[string], StudyDbRow>('SELECT * FROM study WHERE name = ? ORDER BY id DESC LIMIT 1');
    this.all = db.prepare<[], StudyDbRow>('SELECT * FROM study ORDER BY id DESC');
    this.countsByStatus = db.prepare<[], { study_id: number; status: RunStatus; n: number }>(
      'SELECT study_id, status, count(*) AS n FROM run GROUP BY study_id, status',
    );
    this.bestByStudy = db.prepare<[], { id: number; best: number | null }>(`
      SELECT s.id,
        CASE s.objective_direction
          WHEN 'minimize' THEN (SELECT min(best_objective) FROM run WHERE study_id = s.id)
          ELSE (SELECT max(best_objective) FROM run WHERE study_id = s.id)
        END AS best
      FROM study s`);
    this.updateStatus = db.prepare<[StudyStatus, string | null, string, number]>('UPDATE study SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?');
    this.remove = db.prepare<[number]>('DELETE FROM study WHERE id = ?');
  }

  create(spec: StudySpec, datasetId: string, task: Task, baseModelId: number | null = null): StudyRow {
    const { lastInsertRowid } = this.insert.run({
      name: spec.name,
      spec_json: JSON.stringify(spec),
      dataset_id: datasetId,
      template: spec.template,
      task,
      algorithm: spec.algorithm,
      objective_metric: spec.objective.metric,
      objective_direction: spec.objective.direction,
      seed: spec.seed,
      base_model_id: baseModelId,
      now: nowIso(),
    });
    return this.require(Number(lastInsertRowid));
  }

  /** A number is an id; a string is a name (newest study of that name wins), else an id in digits. */
  get(idOrName: number | string): StudyRow | undefined {
    if (typeof idOrName === 'number') {
      const row = this.byId.get(idOrName);
      return row && toStudy(row);
    }
    const row = this.newestByName.get(idOrName) ?? (/^\d+$/.test(idOrName) ? this.byId.get(Number(idOrName)) : undefined);
    return row && toStudy(row);
  }

  require(id: number): StudyRow {
    const study = this.get(id);
    if (!study) throw new AppError('not_found', `Study ${id} not found`);
    return study;
  }

  /** Newest first. Three small queries instead of one join so a study with no runs still shows. */
  list(): StudySummary[] {
    const counts = new Map<number, Record<RunStatus, number>>();
    for (const { study_id, status, n } of this.countsByStatus.all()) {
      const c = counts.get(study_id) ?? emptyCounts();
      c[status] = n;
      counts.set(study_id, c);
    }
    const best = new Map(this.bestByStudy.all().map((r) => [r.id, r.best]));
    return this.all.all().map((row) => {
      const runCounts = counts.get(row.id) ?? emptyCounts();
      const totalRuns = Object.values(runCounts).reduce((a, b) => a + b, 0);
      return { ...toStudy(row), runCounts, totalRuns, bestObjective: best.get(row.id) ?? null };
    });
  }

  /** A new status clears the reason of the old one unless it brings its own. */
  setStatus(id: number, status: StudyStatus, reason: string | null = null): void {
    if (!STUDY_STATUSES.includes(status)) {
      throw new AppError('invalid_input', `Study status "${status}" is not one of ${STUDY_STATUSES.join(', ')}`);
    }
    if (this.updateStatus.run(status, reason, nowIso(), id).changes === 0) throw new AppError('not_found', `Study ${id} not found`);
  }

  /** Runs, their params, metrics and artifact rows go with it (ON DELETE CASCADE); files on disk do not. */
  delete(id: number): void {
    if (this.remove.run(id).changes === 0) throw new AppError('not_found', `Study ${id} not found`);
  }
}
