import { EventEmitter } from 'node:events';
import os from 'node:os';
import type { DatasetRef } from '../../shared/domain/dataset';
import type { StudySpec } from '../../shared/domain/study-spec';
import { AppError } from '../../shared/result';
import { openDataPaths, type DataPaths } from './paths';
import { importDataset, type ImportRequest, type ImportResult } from './datasets/import/import-dataset';
import type { ProgressCallback } from './datasets/import/types';
import { resolveStudyDataset } from './datasets/resolve-dataset';
import { evaluateRunOnTest, type EvaluateOptions } from './evaluate/evaluate-run';
import type { EvaluationRow } from './store/evaluations';
import type { Launcher } from './scheduler/launcher';
import { Scheduler, type SchedulerEvent, type SchedulerOptions } from './scheduler/scheduler';
import { Store } from './store/store';
import type { StudyRow } from './store/types';

export interface ServicesOptions {
  dataDir?: string;
  db?: string;
  launcher: Launcher;
  concurrency?: number;
  heartbeatTimeoutMs?: number;
  /** Extra environment for trainer processes (tests inject faults with it). */
  trainerEnv?: SchedulerOptions['trainerEnv'];
  maxOldSpaceMb?: number;
}

/**
 * Everything the app does, without Electron: the CLI, serve mode, the Electron shell and the tests all
 * build this one object. Opening it marks runs a previous (killed) app left 'running' as interrupted.
 */
export class Services {
  readonly paths: DataPaths;
  readonly store: Store;
  readonly scheduler: Scheduler;
  readonly events = new EventEmitter();
  readonly interruptedAtOpen: number;
  private readonly launcher: Launcher;

  constructor(opts: ServicesOptions) {
    this.launcher = opts.launcher;
    this.paths = openDataPaths({ dataDir: opts.dataDir, db: opts.db });
    this.store = Store.open(this.paths.dbPath);
    this.interruptedAtOpen = this.store.markRunningAsInterrupted();
    this.scheduler = new Scheduler({
      store: this.store,
      launcher: opts.launcher,
      runsDir: this.paths.runsDir,
      resolveDataset: (id) => this.datasetById(id),
      concurrency: opts.concurrency ?? os.availableParallelism(),
      heartbeatTimeoutMs: opts.heartbeatTimeoutMs,
      trainerEnv: opts.trainerEnv,
      maxOldSpaceMb: opts.maxOldSpaceMb,
    });
    this.scheduler.on('event', (e: SchedulerEvent) => this.events.emit(e.type, e));
  }

  /** Validated spec → a stored study on a registered dataset (samples are generated on first use). */
  createStudy(spec: StudySpec): StudyRow {
    const dataset = resolveStudyDataset(this.store, this.paths.datasetsDir, spec.dataset);
    const task = spec.task ?? dataset.meta.task;
    if ((task === 'regression') !== (dataset.meta.task === 'regression')) {
      throw new AppError('invalid_input', `task: ${task} does not fit dataset ${dataset.meta.name}, whose target is ${dataset.meta.task}`);
    }
    if (task === 'binary' && dataset.meta.classNames.length !== 2) {
      throw new AppError('invalid_input', `task: binary needs 2 classes, dataset ${dataset.meta.name} has ${dataset.meta.classNames.length}`);
    }
    if (spec.template === 'cnn' && dataset.meta.inputShape.length !== 3) {
      throw new AppError('invalid_input', `template: cnn needs images (height × width × channels); dataset ${dataset.meta.name} has shape [${dataset.meta.inputShape.join(', ')}]`);
    }
    return this.store.createStudy({ spec, datasetId: dataset.meta.id, task });
  }

  /** Imports a file or folder as a dataset (progress also goes out as 'import-progress' events). */
  importDataset(req: ImportRequest, onProgress?: ProgressCallback): Promise<ImportResult> {
    return importDataset(this.store, this.paths.datasetsDir, req, (p) => {
      this.events.emit('import-progress', { source: req.source, ...p });
      onProgress?.(p);
    });
  }

  /** Scores a finished run on the held-out test split, once (see evaluateRunOnTest). */
  evaluateRun(runId: number, opts?: EvaluateOptions): Promise<EvaluationRow> {
    return evaluateRunOnTest(this.store, this.launcher, runId, opts);
  }

  private datasetById(id: string): DatasetRef {
    const ds = this.store.getDataset(id);
    if (!ds) throw new AppError('not_found', `dataset ${id} is not registered`);
    return ds;
  }

  async close(): Promise<void> {
    await this.scheduler.shutdown();
    this.store.close();
  }
}

export function createServices(opts: ServicesOptions): Services {
  return new Services(opts);
}
