import type Database from 'better-sqlite3';
import type { DatasetMeta, DatasetRef } from '../../../shared/domain/dataset';
import { TASKS, type Task } from '../../../shared/domain/hparams';
import type { RunStatus, StopRequest, StudyStatus } from '../../../shared/domain/run';
import type { ParamSet } from '../../../shared/domain/space';
import type { StudySpec } from '../../../shared/domain/study-spec';
import { AppError } from '../../../shared/result';
import { AnnotationTables, type Annotation, type AnnotationPatch } from './annotations';
import { ArtifactTable } from './artifacts';
import { AttemptTable } from './attempts';
import { EvaluationTable, type EvaluationRow } from './evaluations';
import { DatasetTable } from './datasets';
import { openDatabase, openDatabaseReadOnly } from './db';
import { toAppError } from './errors';
import { MetricTable, type Objective } from './metrics';
import { checkSchemaForReading, migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { Recovery, type Recovered } from './recovery';
import { RunLifecycle, type RunStart, type Settlement } from './run-lifecycle';
import { RunTable, type NewRun } from './runs';
import { StudyTable } from './studies';
import type { EpochValue } from '../search/types';
import type { ArtifactRow, AttemptRow, EpochRecord, MetricPoint, NewArtifact, RunRow, StoredTrial, StudyRow, StudySummary } from './types';

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
  private readonly attempts: AttemptTable;
  private readonly recovery: Recovery;
  private readonly annotations: AnnotationTables;
  private closed = false;

  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
    /** Opened read-only (a process that does not own the data directory): every write is refused. */
    readonly readOnly = false,
  ) {
    this.datasets = new DatasetTable(db);
    this.studies = new StudyTable(db);
    this.runs = new RunTable(db);
    this.lifecycle = new RunLifecycle(db);
    this.metrics = new MetricTable(db);
    this.artifacts = new ArtifactTable(db);
    this.evaluations = new EvaluationTable(db);
    this.attempts = new AttemptTable(db);
    this.recovery = new Recovery(db);
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

  /**
   * Opens an existing database without writing anything to it (nor to its folder: a read-only file
   * system or a 0444 file will do). A database from another schema version is refused with what to do:
   * migrating is the owner's job.
   */
  static openReadOnly(dbPath: string): Store {
    const db = openDatabaseReadOnly(dbPath);
    try {
      checkSchemaForReading(db, dbPath, MIGRATIONS);
      return new Store(db, dbPath, true);
    } catch (err) {
      db.close();
      throw toAppError(err, `open database ${dbPath}`);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (!this.readOnly) {
      try {
        // No waiting: if another process holds a lock, skipping is better than a close that hangs.
        this.db.pragma('busy_timeout = 0');
        // Refreshes planner statistics SQLite found missing this session.
        this.db.pragma('optimize');
        // Back to a rollback journal when nobody else has the file open: a WAL database cannot be read
        // without creating its -shm file, which a read-only file system (a backup, a mounted snapshot)
        // does not allow. The next owner turns WAL on again.
        this.db.pragma('journal_mode = DELETE');
      } catch {
        // an optimization only, or another process still reads it
      }
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

  setStudyStatus(id: number, status: StudyStatus, reason: string | null = null): void {
    this.write(`set status of study ${id}`, () => this.studies.setStatus(id, status, reason));
  }

  /** Deletes its runs, params, metrics and artifact rows too; files on disk are the caller's to remove. */
  deleteStudy(id: number): void {
    this.write(`delete study ${id}`, () => this.studies.delete(id));
  }

  /**
   * Pause, stored: the study is 'paused' from now on (nothing new launches), and each of its running
   * runs carries a 'pause' request (unless already asked to cancel or prune) that decides how it ends.
   * Returns the running runs to tell.
   */
  pauseStudy(id: number): RunRow[] {
    return this.write(`pause study ${id}`, () => {
      this.studies.require(id);
      this.studies.setStatus(id, 'paused');
      const running = this.runs.list(id, ['running']);
      for (const run of running) if (run.stopRequest === null) this.lifecycle.setStopRequest(run, 'pause');
      return running.map((r) => this.runs.require(r.id));
    });
  }

  /**
   * Resume, stored: the study is 'running'; a pause still pending on a running run is withdrawn; paused
   * and interrupted runs, and runs that failed for a reason outside their config (with a fresh retry
   * budget), go back to the queue to continue from their last checkpoint. Returns the runs whose
   * pending pause was withdrawn.
   */
  resumeStudy(id: number): RunRow[] {
    return this.write(`resume study ${id}`, () => {
      const study = this.studies.require(id);
      this.studies.setStatus(id, 'running');
      const withdrawn = this.runs.list(id, ['running']).filter((r) => r.stopRequest === 'pause');
      for (const run of withdrawn) this.lifecycle.setStopRequest(run, null);
      const objective = { metric: study.objectiveMetric, direction: study.objectiveDirection };
      for (const run of this.runs.list(id, ['paused', 'interrupted', 'failed'])) {
        if (run.status === 'failed' && run.failureKind !== 'environment') continue;
        this.requeueIn(run, objective, run.status === 'failed');
      }
      return withdrawn.map((r) => this.runs.require(r.id));
    });
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

  /** The first queued run in trial order (an indexed lookup, whatever the study's size). */
  nextQueuedRun(studyId: number): RunRow | undefined {
    return this.runs.nextQueued(studyId);
  }

  countRuns(studyId: number): number {
    return this.runs.count(studyId);
  }

  countRunsByStatus(studyId: number): Partial<Record<RunStatus, number>> {
    return this.runs.countByStatus(studyId);
  }

  hasRunsWithStatus(studyId: number, statuses: readonly RunStatus[]): boolean {
    return this.runs.hasAny(studyId, statuses);
  }

  /** Every run of a study as a search algorithm sees it, in trial order. */
  trialRecords(studyId: number): StoredTrial[] {
    return this.runs.trialRecords(studyId);
  }

  /** The run's params as stored one per row in run_param. */
  getRunParams(runId: number): ParamSet {
    return this.runs.params(runId);
  }

  listAttempts(runId: number): AttemptRow[] {
    return this.attempts.list(runId);
  }

  /** queued → running, one attempt more, recorded with the checkpoint epoch it starts from. */
  launchRun(runId: number): RunRow {
    return this.write(`launch run ${runId}`, () => {
      this.lifecycle.launch(this.runs.require(runId));
      return this.runs.require(runId);
    });
  }

  markRunReady(runId: number, attempt: number, start: RunStart): void {
    this.write(`mark run ${runId} ready`, () => this.lifecycle.markReady(this.runs.require(runId), attempt, start));
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

  /**
   * An epoch and the checkpoint taken at its end, in one transaction: an epoch whose metrics are stored
   * is always one a resume starts after, so no stored epoch is ever trained twice.
   */
  recordEpoch(runId: number, epoch: EpochRecord, objective: Objective, checkpoint: { path: string; isBest: boolean } | null): void {
    this.write(`record epoch ${epoch.epoch} of run ${runId}`, () => {
      const run = this.runs.require(runId);
      this.metrics.record(runId, run.epochsDone, [epoch], objective);
      if (checkpoint) this.addCheckpoint(runId, { epoch: epoch.epoch, ...checkpoint });
    });
  }

  /** An artifact row plus the run's last checkpoint (never moved back to an older epoch). */
  recordCheckpoint(runId: number, cp: { epoch: number; path: string; isBest: boolean }): void {
    this.write(`record checkpoint of run ${runId}`, () => {
      this.runs.require(runId);
      this.addCheckpoint(runId, cp);
    });
  }

  /**
   * Ends attempt `attempt` of a running run. `decide` sees the run as stored (its stop request, its
   * retry budget) inside the same transaction, so the outcome follows the user's last stored word.
   * A settlement back to 'queued' drops the epochs after the checkpoint the next attempt resumes from.
   */
  settleRun(runId: number, attempt: number, decide: (run: RunRow) => Settlement): RunRow {
    return this.write(`record the end of run ${runId}`, () => {
      const run = this.runs.require(runId);
      const settlement = decide(run);
      this.lifecycle.settle(run, attempt, settlement);
      if (settlement.status === 'queued') this.forgetEpochsAfterCheckpoint(this.runs.require(runId));
      return this.runs.require(runId);
    });
  }

  /** A run with no live attempt ends: cancelled in the queue, or failed before it could launch. */
  finishRun(runId: number, end: Pick<Settlement, 'status' | 'error' | 'failureKind'>): void {
    this.write(`finish run ${runId}`, () => this.lifecycle.finishIdle(this.runs.require(runId), end));
  }

  /** Stores a stop request on a running run; returns the run. */
  requestRunStop(runId: number, request: StopRequest): RunRow {
    return this.write(`ask run ${runId} to ${request}`, () => {
      const run = this.runs.require(runId);
      if (run.status !== 'running') throw new AppError('conflict', `Run ${runId} is ${run.status}, not running; only a running run can be asked to ${request}`);
      // A cancel overrides anything; a pause never weakens a pending cancel or prune.
      if (request === 'cancel' || run.stopRequest === null || (request === 'prune' && run.stopRequest === 'pause')) {
        this.lifecycle.setStopRequest(run, request);
      }
      return this.runs.require(runId);
    });
  }

  /**
   * The scheduler's own stop (a pruner's verdict, a spent budget), stored with its reason before the
   * trainer hears it. A cancel the user asked for stays a cancel.
   */
  recordStopDecision(runId: number, request: 'prune' | 'pause', reason: string, rung: number | null): RunRow {
    return this.write(`record why run ${runId} stops`, () => {
      const run = this.runs.require(runId);
      if (run.status !== 'running') throw new AppError('conflict', `Run ${runId} is ${run.status}, not running`);
      if (run.stopRequest !== 'cancel') {
        this.lifecycle.setStopRequest(run, request);
        this.lifecycle.setStopReason(run, reason, rung);
      }
      return this.runs.require(runId);
    });
  }

  /** The objective's curve of every run of a study (what pruners judge), read once when a study is taken up. */
  objectiveCurves(studyId: number, metric: string): Map<number, EpochValue[]> {
    return this.metrics.curvesOfStudy(studyId, metric);
  }

  setRunLogTail(runId: number, tail: string): void {
    this.write(`save the log of run ${runId}`, () => this.lifecycle.setLogTail(runId, tail));
  }

  /**
   * Crash recovery, for the process that has just become the owner of the data directory: runs and
   * studies still 'running' lost their processes with the previous owner (see recovery.ts).
   */
  recoverOrphans(): Recovered {
    return this.write('recover runs the previous owner left running', () => this.recovery.recover());
  }

  /**
   * Back to 'queued' to resume from last_checkpoint. Epochs after that checkpoint are forgotten (the
   * next attempt redoes them from those weights), so the curve and the summary match what resumes.
   */
  requeueRun(runId: number): RunRow {
    return this.write(`requeue run ${runId}`, () => {
      const run = this.runs.require(runId);
      const study = this.studies.require(run.studyId);
      this.requeueIn(run, { metric: study.objectiveMetric, direction: study.objectiveDirection }, false);
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

  private addCheckpoint(runId: number, cp: { epoch: number; path: string; isBest: boolean }): void {
    this.artifacts.add(runId, { kind: 'checkpoint', epoch: cp.epoch, path: cp.path, isBest: cp.isBest });
    this.lifecycle.setLastCheckpoint(runId, cp.epoch, cp.path);
  }

  private requeueIn(run: RunRow, objective: Objective, freshAttempts: boolean): void {
    this.lifecycle.requeue(run, freshAttempts);
    this.forgetEpochsAfterCheckpoint(run, objective);
  }

  private forgetEpochsAfterCheckpoint(run: RunRow, objective?: Objective): void {
    const study = objective ? null : this.studies.require(run.studyId);
    const keptEpochs = run.lastCheckpoint ? (run.lastCheckpointEpoch ?? 0) : 0;
    this.metrics.dropEpochsAfter(run.id, keptEpochs);
    this.metrics.refreshSummary(run.id, keptEpochs, objective ?? { metric: study!.objectiveMetric, direction: study!.objectiveDirection });
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
    if (this.readOnly) throw new AppError('conflict', `Cannot ${what}: this process opened ${this.path} read-only (it does not own the data directory)`);
    try {
      return this.db.transaction(fn).immediate();
    } catch (err) {
      throw toAppError(err, `${what} (${this.path})`);
    }
  }
}
