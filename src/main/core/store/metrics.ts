import type Database from 'better-sqlite3';
import type { ObjectiveDirection } from '../../../shared/domain/run';
import { AppError } from '../../../shared/result';
import type { EpochRecord, MetricPoint } from './types';

export interface Objective {
  metric: string;
  direction: ObjectiveDirection;
}

interface MetricDbRow {
  name: string;
  step: number;
  value: number | null;
  wall_time: number;
}

/** Curves and the run summary derived from them. Callers own the transaction. */
export class MetricTable {
  private readonly upsert;
  private readonly all;
  private readonly named;
  private readonly latest;
  private readonly best: Record<ObjectiveDirection, Database.Statement<[number, string], { step: number; value: number }>>;
  private readonly writeSummary;
  private readonly dropAfter;
  private readonly finalOfStudy;
  private readonly finalOfStudyNamed;
  private readonly curveOfStudy;

  constructor(db: Database.Database) {
    // REPLACE: a run resumed from a checkpoint rewrites the epochs after it.
    this.upsert = db.prepare<[number, string, number, number | null, number]>(
      'INSERT OR REPLACE INTO metric (run_id, name, step, value, wall_time) VALUES (?, ?, ?, ?, ?)',
    );
    this.all = db.prepare<[number], MetricDbRow>('SELECT name, step, value, wall_time FROM metric WHERE run_id = ? ORDER BY name, step');
    this.named = db.prepare<[number, string], MetricDbRow>(
      'SELECT name, step, value, wall_time FROM metric WHERE run_id = ? AND name IN (SELECT value FROM json_each(?)) ORDER BY name, step',
    );
    this.latest = db.prepare<[number, string], { value: number | null }>(
      'SELECT value FROM metric WHERE run_id = ? AND name = ? ORDER BY step DESC LIMIT 1',
    );
    const bestBy = (order: 'ASC' | 'DESC') =>
      db.prepare<[number, string], { step: number; value: number }>(
        `SELECT step, value FROM metric WHERE run_id = ? AND name = ? AND value IS NOT NULL ORDER BY value ${order}, step ASC LIMIT 1`,
      );
    this.best = { minimize: bestBy('ASC'), maximize: bestBy('DESC') };
    this.writeSummary = db.prepare(`
      UPDATE run SET epochs_done = @epochs_done, best_epoch = @best_epoch, best_objective = @best_objective,
        final_objective = @final_objective
      WHERE id = @id`);
    this.dropAfter = db.prepare<[number, number]>('DELETE FROM metric WHERE run_id = ? AND step > ?');
    // Every run's values at its last epoch in one query: primary-key lookups (run, name, epochs_done).
    this.finalOfStudy = db.prepare<[number], { run_id: number; name: string; value: number | null }>(
      'SELECT m.run_id, m.name, m.value FROM run r JOIN metric m ON m.run_id = r.id AND m.step = r.epochs_done WHERE r.study_id = ? AND r.epochs_done > 0',
    );
    this.curveOfStudy = db.prepare<[string, number], { run_id: number; step: number; value: number | null; wall_time: number }>(
      'SELECT m.run_id, m.step, m.value, m.wall_time FROM run r JOIN metric m ON m.run_id = r.id AND m.name = ? WHERE r.study_id = ? ORDER BY m.run_id, m.step',
    );
    this.finalOfStudyNamed = db.prepare<[string, number], { run_id: number; name: string; value: number | null }>(
      'SELECT m.run_id, m.name, m.value FROM run r, json_each(?) j JOIN metric m ON m.run_id = r.id AND m.name = j.value AND m.step = r.epochs_done WHERE r.study_id = ? AND r.epochs_done > 0',
    );
  }

  /** One metric's curve for every run of a study: run id → (epoch, value, wall time), in epoch order. */
  curvesOfStudy(studyId: number, name: string): Map<number, { step: number; value: number; time: number }[]> {
    const out = new Map<number, { step: number; value: number; time: number }[]>();
    for (const r of this.curveOfStudy.all(name, studyId)) {
      let curve = out.get(r.run_id);
      if (!curve) out.set(r.run_id, (curve = []));
      // A diverged value is stored as NULL; pruners read it as NaN (worst).
      curve.push({ step: r.step, value: r.value ?? Number.NaN, time: r.wall_time });
    }
    return out;
  }

  /** Writes the batch, then recomputes the summary from the stored curve (rewritten epochs included). */
  record(runId: number, epochsDoneBefore: number, epochs: readonly EpochRecord[], objective: Objective): void {
    let maxEpoch = epochsDoneBefore;
    for (const { epoch, metrics, wallTime } of epochs) {
      if (!Number.isInteger(epoch) || epoch < 1) throw new AppError('invalid_input', `Run ${runId}: epoch ${epoch} must be an integer ≥ 1`);
      if (!Number.isFinite(wallTime)) throw new AppError('invalid_input', `Run ${runId}, epoch ${epoch}: wallTime ${wallTime} is not a finite number`);
      for (const [name, value] of Object.entries(metrics)) {
        if (!name) throw new AppError('invalid_input', `Run ${runId}, epoch ${epoch}: a metric has an empty name`);
        // SQLite would store NaN as NULL anyway; ±Infinity too, so "diverged" reads the same for both.
        this.upsert.run(runId, name, epoch, Number.isFinite(value) ? value : null, wallTime);
      }
      maxEpoch = Math.max(maxEpoch, epoch);
    }
    this.refreshSummary(runId, maxEpoch, objective);
  }

  refreshSummary(runId: number, epochsDone: number, objective: Objective): void {
    const best = this.best[objective.direction].get(runId, objective.metric);
    this.writeSummary.run({
      id: runId,
      epochs_done: epochsDone,
      best_epoch: best?.step ?? null,
      best_objective: best?.value ?? null,
      final_objective: this.latest.get(runId, objective.metric)?.value ?? null,
    });
  }

  /** Forgets epochs the next attempt will redo (those after the checkpoint it resumes from). */
  dropEpochsAfter(runId: number, epoch: number): void {
    this.dropAfter.run(runId, epoch);
  }

  get(runId: number, names?: readonly string[]): MetricPoint[] {
    const rows = names ? this.named.all(runId, JSON.stringify(names)) : this.all.all(runId);
    return rows.map((r) => ({ name: r.name, step: r.step, value: r.value, wallTime: r.wall_time }));
  }

  /** Each run's metrics at its last recorded epoch (the run table's metric columns), by run id. */
  finalValues(studyId: number, names?: readonly string[]): Map<number, Record<string, number | null>> {
    const rows = names ? this.finalOfStudyNamed.all(JSON.stringify(names), studyId) : this.finalOfStudy.all(studyId);
    const out = new Map<number, Record<string, number | null>>();
    for (const r of rows) {
      let metrics = out.get(r.run_id);
      if (!metrics) out.set(r.run_id, (metrics = {}));
      metrics[r.name] = r.value;
    }
    return out;
  }
}
