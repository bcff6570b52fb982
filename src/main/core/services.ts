import { EventEmitter } from 'node:events';
import os from 'node:os';
import type { ApiEventPayload } from '../../shared/contract';
import type { DatasetRef } from '../../shared/domain/dataset';
import type { DeviceInventory } from '../../shared/domain/device';
import type { StudySpec } from '../../shared/domain/study-spec';
import { AppError } from '../../shared/result';
import { openDataPaths, resolveDataPaths, type DataPaths } from './paths';
import { importDataset, type ImportRequest, type ImportResult } from './datasets/import/import-dataset';
import type { ProgressCallback } from './datasets/import/types';
import { resolveStudyDataset } from './datasets/resolve-dataset';
import { probeDevices } from './devices/probe-devices';
import { trainerGpuProbe } from './devices/trainer-probe';
import type { EvaluateOptions } from './evaluate/evaluate-run';
import { describeOwner, type OwnerInfo } from './ownership/owner-info';
import { OwnerLock } from './ownership/owner-lock';
import { RemoteExecutors } from './remote/remote-executors';
import type { Launcher } from './scheduler/launcher';
import { ExecutorLauncher } from './scheduler/launcher-router';
import { Scheduler, type SchedulerEvent, type SchedulerOptions } from './scheduler/scheduler';
import { warmStartOf } from './scheduler/warm-start';
import { SettingsFile } from './settings';
import type { EvaluationRow } from './store/evaluations';
import type { Recovered } from './store/recovery';
import { Store } from './store/store';
import type { StudyRow } from './store/types';
import { resolveBaseModel } from './transfer/base-models';
import { fitProblems } from './transfer/check-fit';

export interface ServicesOptions {
  dataDir?: string;
  db?: string;
  launcher: Launcher;
  /** Trials at once on the CPU; default: the Settings value, else the CPU cores. */
  concurrency?: number;
  /**
   * The devices trials are placed on: probed once, in a trainer process started by `launcher` (true:
   * the app, serve mode and the CLI), given (tests), or the CPU alone (default).
   */
  devices?: true | DeviceInventory;
  /** Runnable processes on the machine (default: the load average): tests fix it. */
  machineLoad?: SchedulerOptions['machineLoad'];
  heartbeatTimeoutMs?: number;
  startupTimeoutMs?: number;
  /** Extra environment for trainer processes (tests inject faults with it). */
  trainerEnv?: SchedulerOptions['trainerEnv'];
  maxOldSpaceMb?: number;
  /** Who is taking ownership, for other processes' messages (default: a CLI command). */
  owner?: Pick<OwnerInfo, 'kind' | 'command'>;
  /** Redis for remote workers (`--redis`); else HPS_REDIS_URL, else the Settings value. */
  redisUrl?: string;
}

const PROGRESS_EVERY_MS = 100;

/** What a process that only reads a data directory needs. */
export interface ReaderOptions {
  dataDir?: string;
  db?: string;
  redisUrl?: string;
}

/** The contract's events, as the services emit them (named as in the contract). */
export type ServiceEvent = SchedulerEvent | ({ type: 'import-progress' } & ApiEventPayload<'import-progress'>);

/**
 * Everything the app does, without Electron: the CLI, serve mode, the Electron shell and the tests all
 * build this object. The constructor makes this process the owner of the data directory (one at a
 * time: a second one is refused with who the owner is) and, as the new owner and only then, recovers
 * what a previous owner left running. `Services.reader` opens the same data read-only, for processes
 * that only look.
 */
export class Services {
  readonly paths: DataPaths;
  readonly store: Store;
  readonly events = new EventEmitter();
  /** What crash recovery found when this process became the owner (zeros for a reader). */
  readonly recovered: Recovered;
  readonly settings: SettingsFile;
  /** Remote workers: where `bullmq` studies train, and the workers' listing. */
  readonly remote: RemoteExecutors;
  private readonly lock: OwnerLock | null;
  private readonly ownScheduler: Scheduler | null;
  private readonly probing = new AbortController();
  private devicesProbe: Promise<DeviceInventory> | null = null;

  constructor(opts: ServicesOptions);
  constructor(opts: ServicesOptions | (ReaderOptions & { readOnly: true }));
  constructor(opts: ServicesOptions | (ReaderOptions & { readOnly: true })) {
    // An owner creates the data folder (checked: no procfs, no devices, bounded); a reader only looks.
    this.paths = 'readOnly' in opts ? resolveDataPaths({ dataDir: opts.dataDir, db: opts.db }) : openDataPaths({ dataDir: opts.dataDir, db: opts.db });
    this.settings = new SettingsFile(this.paths.dataDir);
    this.remote = new RemoteExecutors({
      dataDir: this.paths.dataDir,
      settings: this.settings,
      redisUrl: opts.redisUrl,
      readOnly: 'readOnly' in opts,
      studyOf: (runId) => this.store.getRun(runId)?.studyId ?? 0,
      studiesRedis: () => this.store.listStudies().flatMap((s) => {
        const executor = this.store.getStudy(s.id)?.spec.executor;
        return executor?.type === 'bullmq' && executor.redis ? [executor.redis] : [];
      }),
    });
    if ('readOnly' in opts) {
      this.lock = null;
      this.ownScheduler = null;
      this.store = Store.openReadOnly(this.paths.dbPath);
      this.recovered = { runs: 0, interrupted: 0, studies: 0 };
      return;
    }
    const taken = OwnerLock.acquire(this.paths.dataDir, opts.owner ?? { kind: 'cli', command: 'hparam-studio' });
    if (!(taken instanceof OwnerLock)) throw ownedElsewhere(this.paths.dataDir, taken.owner);
    this.lock = taken;
    try {
      this.store = Store.open(this.paths.dbPath);
      this.recovered = this.store.recoverOrphans();
    } catch (err) {
      taken.release();
      throw err;
    }
    const stored = this.settings.readStored();
    if (opts.devices === true) this.devicesProbe = probeDevices({ gpuProbe: trainerGpuProbe(opts.launcher) }, this.probing.signal);
    this.ownScheduler = new Scheduler({
      store: this.store,
      // A trial of a `bullmq` study goes to the workers; everything else to this process's launcher.
      launcher: new ExecutorLauncher(opts.launcher, {
        executorOf: (runId) => {
          const run = this.store.getRun(runId);
          return run ? this.store.getStudy(run.studyId)?.spec.executor : null;
        },
        remote: (executor) => this.remote.launcher(executor),
      }),
      runsDir: this.paths.runsDir,
      resolveDataset: (id) => this.datasetById(id),
      concurrency: opts.concurrency ?? stored.concurrency ?? os.availableParallelism(),
      trialsPerGpu: stored.gpuTrials,
      devices: this.devicesProbe ?? (opts.devices === true ? undefined : opts.devices),
      machineLoad: opts.machineLoad,
      heartbeatTimeoutMs: opts.heartbeatTimeoutMs,
      startupTimeoutMs: opts.startupTimeoutMs,
      trainerEnv: opts.trainerEnv,
      maxOldSpaceMb: opts.maxOldSpaceMb,
    });
    this.ownScheduler.on('event', (e: SchedulerEvent) => this.emitEvent(e));
  }

  /** The same data directory, read-only: no lock, no recovery, no scheduler, nothing written. */
  static reader(opts: ReaderOptions): Services {
    return new Services({ ...opts, readOnly: true });
  }

  get isOwner(): boolean {
    return this.lock !== null;
  }

  /** This process as the data directory's owner. */
  get owner(): OwnerInfo | null {
    return this.lock?.owner ?? null;
  }

  get scheduler(): Scheduler {
    if (!this.ownScheduler) {
      throw new AppError('conflict', `this process reads ${this.paths.dataDir} without owning it; changes go through its owner`);
    }
    return this.ownScheduler;
  }

  /** Where other processes reach this owner's API (serve mode, the desktop app, a CLI command). */
  publishApi(api: OwnerInfo['api']): void {
    this.lock?.publishApi(api);
  }

  emitEvent(e: ServiceEvent): void {
    const { type, ...payload } = e;
    this.events.emit(type, payload);
  }

  /** Validated spec → a stored study on a registered dataset (samples are generated on first use). */
  createStudy(spec: StudySpec): StudyRow {
    if (!spec.executor && this.settings.read().runOnWorkers) spec = { ...spec, executor: { type: 'bullmq' } };
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
    let baseModelId: number | null = null;
    if (spec.template === 'transfer' && spec.baseModel) {
      const base = resolveBaseModel(this.store, this.paths.dataDir, spec.baseModel);
      const problems = fitProblems(base.ref, dataset.meta);
      if (problems.length > 0) throw new AppError('invalid_input', problems.map((p) => `baseModel: ${p}`).join('\n'));
      baseModelId = base.id;
    }
    // A warm start from a study that is missing or incompatible is refused now, not when it starts.
    warmStartOf(this.store, { spec });
    return this.store.createStudy({ spec, datasetId: dataset.meta.id, task, baseModelId });
  }

  /**
   * Imports a file or folder as a dataset. Progress also goes out as 'import-progress' events tagged
   * `importId`, at most every PROGRESS_EVERY_MS (a CSV reader reports per chunk), the last one always.
   */
  importDataset(req: ImportRequest, importId: string = req.source, onProgress?: ProgressCallback): Promise<ImportResult> {
    let lastAt = 0;
    return importDataset(this.store, this.paths.datasetsDir, req, (p) => {
      onProgress?.(p);
      const now = Date.now();
      if (now - lastAt < PROGRESS_EVERY_MS && p.done < p.total) return;
      lastAt = now;
      this.emitEvent({ type: 'import-progress', importId, ...p });
    });
  }

  /** Scores a finished run on the held-out test split, once, in a trainer process in a scheduler slot. */
  evaluateRun(runId: number, opts?: EvaluateOptions): Promise<EvaluationRow> {
    return this.scheduler.runEvaluation(runId, opts);
  }

  private datasetById(id: string): DatasetRef {
    const ds = this.store.getDataset(id);
    if (!ds) throw new AppError('not_found', `dataset ${id} is not registered`);
    return ds;
  }

  /** The devices trials are placed on (waits for the probe, a second or two after start). */
  async devices(): Promise<DeviceInventory> {
    const pool = this.scheduler.devices;
    return pool.devices ?? (await this.devicesProbe!);
  }

  async close(): Promise<void> {
    try {
      this.probing.abort();
      await this.devicesProbe;
      await this.ownScheduler?.shutdown();
      await this.remote.close();
      this.store.close();
    } finally {
      this.lock?.release();
    }
  }
}

function ownedElsewhere(dataDir: string, owner: OwnerInfo | null): AppError {
  const who = owner ? describeOwner(owner) : 'another HParam Studio process (it has not said which yet)';
  return new AppError('conflict', `${dataDir} is in use by ${who}: one process at a time runs its studies. Use that one, or stop it first.`);
}
