import type Database from 'better-sqlite3';
import type { DatasetMeta, DatasetRef } from '../../../shared/domain/dataset';
import { TASKS, type Task } from '../../../shared/domain/hparams';
import type { RunStatus, StudyStatus } from '../../../shared/domain/run';
import type { ParamSet } from '../../../shared/domain/space';
import type { StudySpec } from '../../../shared/domain/study-spec';
import { AppError } from '../../../shared/result';
import { AnnotationTables, type Annotation, type AnnotationPatch } from './annotations';
import { ArtifactTable } from './artifacts';
import { EvaluationTable, type EvaluationRow } from './evaluations';
import { DatasetTable } from './datasets';
import { openDatabase } from './db';
import { toAppError } from './errors';
import { MetricTable, type Objective } from './metrics';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { RunLifecycle, type RunEnd, type RunStart } from './run-lifecycle';
import { RunTable, type NewRun } from './runs';
import { StudyTable } from './studies';
import type { ArtifactRow, EpochRecord, MetricPoint, NewArtifact, RunRow, StudyRow, StudySummary } from './types';

/**
 * The one SQLite database of HParam Studio. Every write is one IMMEDIATE transaction (taking the write
 * lock up front avoids the upgrade deadlock two processes get with deferred ones), and every failure
 * leaves as an AppError naming what was being done.
 */
export class Store {
  private readonly datasets: DatasetTable;
  private readonly studies: StudyTable;
  private readonly runs: RunTable;
  private readonly lifecycle: RunLifecycle;
  private readonly metrics: MetricTable;
  private readonly artifacts: ArtifactTable;
  private readonly evaluations: EvaluationTable;
  private readonly annotations: AnnotationTables;
  private closed = false;

  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
  ) {
    this.datasets = new DatasetTable(db);
    this.studies = new StudyTable(db);
    this.runs = new RunTable(db);
    this.lifecycle = new RunLifecycle(db);
    this.metrics = new MetricTable(db);
    this.artifacts = new ArtifactTable(db);
    this.evaluations = new EvaluationTable(db);
    this.annotations = new AnnotationTables(db);
  }

  /** Opens or creates the database (and its folder) and migrates it to the newest schema. */
  static open(dbPath: string): Store {
    const db = openDatabase(dbPath);
    try {
      migrate(db, dbPath, MIGRATIONS);
      return new Store(db, dbPath);
    } catch (err) {
      db.close();
      throw toAppError(err, `open database ${dbPath}`);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      // Refreshes planner statistics SQLite found missing this session. No waiting: if another process
      // holds the write lock, skipping is better than a close that hangs for the busy timeout.
      this.db.pragma('busy_timeout = 0');
      this.db.pragma('optimize');
    } catch {
      // statistics are an optimization only
    }
    this.db.close();
  }

  // ── datasets ─────────────────────────────────────────────────────────────

  upsertDataset(meta: DatasetMeta, cacheDir: string): void {
    this.write(`save dataset "${meta.name}"`, () => this.datasets.upsertDataset(meta, cacheDir));
  }

  /** By content hash, name, or unique hash prefix (≥ 4 characters). */
  getDataset(idOrNameOrHashPrefix: string): DatasetRef | undefined {
    return this.datasets.getDataset(idOrNameOrHashPrefix);
  }

  listDatasets(): DatasetRef[] {
    return this.datasets.listDatasets();
  }

  deleteDataset(id: string): void {
    this.write(`delete dataset ${id}`, () => this.datasets.deleteDataset(id));
  }

  // ── studies ──────────────────────────────────────────────────────────────

  createStudy(input: { spec: StudySpec; datasetId: string; task: Task }): StudyRow {
    const { spec, datasetId, task } = input;
    return this.write(`create study "${spec.name}"`, () => {
      if (!this.datasets.exists(datasetId)) throw new AppError('not_found', `Study "${spec.name}": dataset ${datasetId} not found`);
      if (!TASKS.includes(task)) throw new AppError('invalid_input', `Study "${spec.name}": task "${task}" is not one of ${TASKS.join(', ')}`);
      return this.studies.create(spec, datasetId, task);
    });
  }

  /** A number is an id; a string is a name (the newest study with it), or an id written in digits. */
  getStudy(idOrName: number | string): StudyRow | undefined {
    return this.studies.get(idOrName);
  }

  /** Newest first, with run counts per status and the best objective so far. */
  listStudies(): StudySummary[] {
    return this.studies.list();
  }

  setStudyStatus(id: number, status: StudyStatus): void {
    this.write(`set status of study ${id}`, () => this.studies.setStatus(id, status));
  }

  /** Deletes its runs, params, metrics and artifact rows too; files on disk are the caller's to remove. */
  deleteStudy(id: number): void {
    this.write(`delete study ${id}`, () => this.studies.delete(id));
  }

  // ── runs ─────────────────────────────────────────────────────────────────

  /** A queued run with the study's next trial number; params go to params_json and run_param. */
  createRun(input: NewRun): RunRow {
    return this.write(`create a run in study ${input.studyId}`, () => {
      this.studies.require(input.studyId);
      return this.runs.create(input);
    });
  }

  getRun(id: number): RunRow | undefined {
    return this.runs.get(id);
  }

  /** In trial order. */
  listRuns(studyId: number, opts: { status?: RunStatus[] } = {}): RunRow[] {
    return this.runs.list(studyId, opts.status);
  }

  /** The run's params as stored one per row in run_param. */
  getRunParams(runId: number): ParamSet {
    return this.runs.params(runId);
  }

  markRunStarted(runId: number, start: RunStart): void {
    this.write(`mark run ${runId} started`, () => this.lifecycle.markStarted(this.runs.require(runId), start));
  }

  /**
   * One transaction per call: metric rows (a resumed run may rewrite an epoch), then epochs_done, the
   * final objective (at the latest epoch) and the best one (by direction; non-finite values never win).
   */
  recordEpochs(runId: number, epochs: readonly EpochRecord[], objective: Objective): void {
    this.write(`record epochs of run ${runId}`, () => {
      const run = this.runs.require(runId);
      this.metrics.record(runId, run.epochsDone, epochs, objective);
    });
  }

  /** An artifact row plus the run's last checkpoint (never moved back to an older epoch). */
  recordCheckpoint(runId: number, cp: { epoch: number; path: string; isBest: boolean }): void {
    this.write(`record checkpoint of run ${runId}`, () => {
      this.runs.require(runId);
      this.artifacts.add(runId, { kind: 'checkpoint', epoch: cp.epoch, path: cp.path, isBest: cp.isBest });
      this.lifecycle.setLastCheckpoint(runId, cp.epoch, cp.path);
    });
  }

  finishRun(runId: number, end: RunEnd): void {
    this.write(`finish run ${runId}`, () => this.lifecycle.finishRun(this.runs.require(runId), end));
  }

  markRunInterrupted(runId: number): void {
    this.write(`mark run ${runId} interrupted`, () => this.lifecycle.markInterrupted(this.runs.require(runId)));
  }

  /** At startup: runs and studies still 'running' lost their processes with the app. Returns the run count. */
  markRunningAsInterrupted(): number {
    return this.write('mark running runs interrupted', () => this.lifecycle.markAllRunningInterrupted());
  }

  /**
   * Back to 'queued' to resume from last_checkpoint. Epochs after that checkpoint are forgotten (the
   * next attempt redoes them from those weights), so the curve and the summary match what resumes.
   */
  requeueRun(runId: number): RunRow {
    return this.write(`requeue run ${runId}`, () => {
      const run = this.runs.require(runId);
      this.lifecycle.requeue(run);
      const study = this.studies.require(run.studyId);
      const keptEpochs = run.lastCheckpoint ? (run.lastCheckpointEpoch ?? 0) : 0;
      this.metrics.dropEpochsAfter(runId, keptEpochs);
      this.metrics.refreshSummary(runId, keptEpochs, { metric: study.objectiveMetric, direction: study.objectiveDirection });
      return this.runs.require(runId);
    });
  }

  /** Ordered by name, then step. */
  getMetrics(runId: number, names?: string[]): MetricPoint[] {
    return this.metrics.get(runId, names);
  }

  /** Every run's metrics at its last recorded epoch, one query for the whole study. */
  finalMetrics(studyId: number, names?: readonly string[]): Map<number, Record<string, number | null>> {
    return this.metrics.finalValues(studyId, names);
  }

  listArtifacts(runId: number): ArtifactRow[] {
    return this.artifacts.list(runId);
  }

  addArtifact(runId: number, artifact: NewArtifact): ArtifactRow {
    return this.write(`add artifact to run ${runId}`, () => {
      this.runs.require(runId);
      return this.artifacts.add(runId, artifact);
    });
  }

  recordEvaluation(runId: number, e: { checkpoint: string; metrics: Record<string, number>; confusion?: number[][] }): void {
    this.write(`record test evaluation of run ${runId}`, () => {
      this.runs.require(runId);
      this.evaluations.add(runId, e);
    });
  }

  listEvaluations(runId: number): EvaluationRow[] {
    return this.evaluations.list(runId);
  }

  /** Completed and pruned runs with an objective, best first by the study's direction. */
  leaderboard(studyId: number, limit = 10): RunRow[] {
    const study = this.studies.require(studyId);
    return this.runs.leaderboard(studyId, study.objectiveDirection, limit);
  }

  /** Hyperparameter names used by any run of the study, sorted: the columns of a run table. */
  paramNames(studyId: number): string[] {
    return this.runs.paramNames(studyId);
  }

  // ── datasets: rename, users (issue 13) ───────────────────────────────────

  renameDataset(id: string, name: string): DatasetRef {
    return this.write(`rename dataset ${id}`, () => this.datasets.rename(id, name));
  }

  /** Names of the studies that use a dataset (a dataset in use cannot be deleted). */
  studiesUsingDataset(id: string): string[] {
    return this.datasets.usedBy(id);
  }

  // ── notes and tags (migration 004) ───────────────────────────────────────

  getStudyAnnotation(studyId: number): Annotation {
    this.studies.require(studyId);
    return this.annotations.studies.get(studyId);
  }

  setStudyAnnotation(studyId: number, patch: AnnotationPatch): Annotation {
    return this.write(`save the note and tags of study ${studyId}`, () => {
      this.studies.require(studyId);
      return this.annotations.studies.set(studyId, patch);
    });
  }

  getRunAnnotation(runId: number): Annotation {
    this.runs.require(runId);
    return this.annotations.runs.get(runId);
  }

  setRunAnnotation(runId: number, patch: AnnotationPatch): Annotation {
    return this.write(`save the note and tags of run ${runId}`, () => {
      this.runs.require(runId);
      return this.annotations.runs.set(runId, patch);
    });
  }

  /** Runs of a study that have a note or tags. */
  runAnnotations(studyId: number): Map<number, Annotation> {
    this.studies.require(studyId);
    return this.annotations.runsOfStudy(studyId);
  }

  /** Studies that have a note or tags. */
  studyAnnotations(): Map<number, Annotation> {
    return this.annotations.allStudies();
  }

  private write<T>(what: string, fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (err) {
      throw toAppError(err, `${what} (${this.path})`);
    }
  }
}
