import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { BackendPreference } from '../../../../shared/domain/run';
import type { Launcher } from '../../scheduler/launcher';
import { NodeLauncher } from '../../scheduler/launcher-node';
import { settleWithin } from '../bounded';
import { fetchDataset } from '../dataset-blobs';
import { PoolKeys } from '../pool-keys';
import { connectRedis, openRedis } from '../redis-connect';
import type { RedisTarget } from '../redis-url';
import { BEAT_MS, redisNow, removeWorker, writeBeat } from '../registry';
import { WireSigner } from '../signing';
import { openJob, type RemoteJob } from '../wire';
import { GpuSlots } from './gpus';
import { JobRunner, jobRunDir, type JobEnd } from './job-runner';

export interface RemoteWorkerOptions {
  redisUrl: string;
  token: string;
  /** Trials at once (default: one per GPU, else the CPU cores). */
  concurrency?: number;
  /** Backend for studies that leave it open ('auto'). */
  backend?: BackendPreference;
  /** Dataset cache and run folders. */
  workDir: string;
  /** GPU indices to place trials on (CUDA_VISIBLE_DEVICES); empty: none. */
  gpus: string[];
  /** BullMQ lockDuration: how long a vanished worker's trials wait before another worker takes them. */
  lockDurationMs: number;
  /** How long a trainer waits for its owner's verdict on an epoch (job-runner.ts's VERDICT_WAIT_MS by default). */
  verdictWaitMs?: number;
  launcher?: Launcher;
  log(line: string): void;
}

/** How long leaving waits for Redis to take the worker's record out. */
const LEAVE_WAIT_MS = 3000;

interface Running {
  runner: JobRunner;
  job: RemoteJob;
  since: number;
  toldLost?: boolean;
}

/**
 * `hparam-studio worker`: pulls trials from the owner's queue and trains each in a trainer process,
 * as the owner would. BullMQ holds a lock on each job it runs and renews it on its own; a worker that
 * vanishes stops renewing, and another worker's stalled-job check puts the job back on the queue,
 * where the next worker resumes it from the last checkpoint that reached Redis. Every beat
 * (BEAT_MS) it writes its record: host, backend, GPUs, running trials.
 */
export class RemoteWorker {
  readonly id = `${os.hostname()}-${process.pid}-${crypto.randomBytes(3).toString('hex')}`;
  private readonly running = new Map<string, Running>();
  private readonly datasets = new Map<string, Promise<string>>();
  private readonly gpuSlots: GpuSlots;
  private readonly launcher: Launcher;
  private readonly startedAt = Date.now();
  private beatTimer: NodeJS.Timeout | null = null;
  private bull: Worker | null = null;
  private stopping = false;

  private constructor(
    private readonly opts: RemoteWorkerOptions,
    readonly target: RedisTarget,
    private readonly redis: Redis,
    private readonly signer: WireSigner,
    private readonly keys: PoolKeys,
  ) {
    this.gpuSlots = new GpuSlots(opts.gpus);
    this.launcher = opts.launcher ?? new NodeLauncher();
  }

  /** Connects (checking Redis first, with a clear message when it is unfit), registers, and starts pulling. */
  static async start(opts: RemoteWorkerOptions): Promise<RemoteWorker> {
    const signer = new WireSigner(opts.token);
    const { target, redis } = await connectRedis(opts.redisUrl, '--redis', 'hparam-studio worker');
    const worker = new RemoteWorker(opts, target, redis, signer, new PoolKeys(signer.fingerprint));
    await worker.beat();
    worker.beatTimer = setInterval(() => void worker.beat(), BEAT_MS);
    // A Redis back from a restart (its data possibly gone) hears from this worker at once.
    redis.on('ready', () => void worker.beat());
    worker.listen();
    return worker;
  }

  get concurrency(): number {
    return this.opts.concurrency ?? (this.opts.gpus.length || os.availableParallelism());
  }

  get gpus(): readonly string[] {
    return this.opts.gpus;
  }

  get describe(): string {
    return `${os.hostname()} (${this.id})`;
  }

  private listen(): void {
    const lockDuration = this.opts.lockDurationMs;
    this.bull = new Worker(this.keys.queueName, (job: Job) => this.process(job), {
      connection: this.redis,
      prefix: this.keys.prefix,
      concurrency: this.concurrency,
      name: this.id,
      lockDuration,
      stalledInterval: Math.max(500, Math.floor(lockDuration / 2)),
      // A trial that kills worker after worker (the machine, not the config) ends as a failure the owner retries or reports.
      maxStalledCount: 3,
    });
    let lastError = '';
    this.bull.on('error', (err) => {
      // A lost lock is handled (and told) by lockLost; a job Redis lost has its end in the stream already.
      if (/could not renew lock for job|Missing key for job .* moveToFinished/.test(err.message)) return;
      if (err.message !== lastError && !this.stopping) this.opts.log(`queue: ${err.message}`);
      lastError = err.message;
    });
    this.bull.on('lockRenewalFailed', (jobIds: string[]) => void this.lockLost(jobIds));
  }

  private async process(job: Job): Promise<void> {
    const jobId = job.id!;
    const opened = openJob(this.signer, jobId, job.data);
    if (typeof opened === 'string') throw new Error(`refused: ${opened}`);
    const gpu = this.gpuSlots.take();
    const runner = new JobRunner(
      {
        redis: this.redis,
        duplicate: () => openRedis(this.target, 'hparam-studio worker control'),
        keys: this.keys,
        signer: this.signer,
        launcher: this.launcher,
        runDir: jobRunDir(this.opts.workDir, jobId),
        dataset: (j) => this.dataset(j),
        backend: this.opts.backend,
        env: gpu.env,
        describe: gpu.gpu === null ? this.describe : `${this.describe}, GPU ${gpu.gpu}`,
        verdictWaitMs: this.opts.verdictWaitMs,
        log: (line) => this.opts.log(line),
      },
      jobId,
      opened,
    );
    this.running.set(jobId, { runner, job: opened, since: await redisNow(this.redis) });
    void this.beat();
    let end: JobEnd;
    try {
      end = await runner.run();
    } finally {
      gpu.release();
      this.running.delete(jobId);
      fs.rmSync(jobRunDir(this.opts.workDir, jobId), { recursive: true, force: true });
      void this.beat();
    }
    if (end === 'superseded') this.opts.log(`job ${jobId}: skipped, a newer attempt of run ${opened.runId} took over`);
    // Handed back (this worker is leaving, or lost the lock): BullMQ must not mark it done; its lock
    // expires and the stalled-job check queues it for the next worker.
    if (end === 'abandoned') await new Promise<never>(() => undefined);
  }

  /** One fetch per dataset at a time on this worker; kept in its cache for the next trials. */
  private dataset(job: RemoteJob): Promise<string> {
    const { meta } = job.start.dataset;
    let pending = this.datasets.get(meta.id);
    if (!pending) {
      pending = fetchDataset(this.redis, this.keys, this.signer, meta, path.join(this.opts.workDir, 'datasets')).finally(() => this.datasets.delete(meta.id));
      this.datasets.set(meta.id, pending);
    }
    return pending;
  }

  /**
   * BullMQ could not renew a job's lock: the lock is no longer ours. When the job is still in Redis,
   * another worker has it (this one was cut off too long): stop training it here. When Redis has lost
   * the job altogether (restarted without persistence), keep going: the owner still reads the stream.
   */
  private async lockLost(jobIds: string[]): Promise<void> {
    for (const jobId of jobIds) {
      const entry = this.running.get(jobId);
      if (!entry) continue;
      const stillQueued = (await this.redis.exists(`${this.keys.prefix}:${this.keys.queueName}:${jobId}`)) === 1;
      if (stillQueued) {
        this.opts.log(`job ${jobId}: lost its lock to another worker; stopping it here`);
        entry.runner.abandon();
      } else if (!entry.toldLost) {
        entry.toldLost = true;
        this.opts.log(`job ${jobId}: Redis no longer has it (restarted without persistence?); training goes on, its owner still reads what it sends`);
      }
    }
  }

  private async beat(): Promise<void> {
    if (this.stopping) return;
    try {
      await writeBeat(this.redis, this.keys, {
        id: this.id,
        host: os.hostname(),
        pid: process.pid,
        backend: this.opts.backend ?? 'auto',
        concurrency: this.concurrency,
        gpus: this.opts.gpus,
        startedAt: this.startedAt,
        running: [...this.running].map(([jobId, r]) => ({ jobId, runId: r.job.runId, attempt: r.job.attempt, studyId: r.job.studyId, since: r.since })),
      });
    } catch {
      // Redis away: the next beat tries again (the connection reports the outage once)
    }
  }

  /**
   * Leaves: running trainers are killed and their jobs handed back (another worker resumes them from
   * their last checkpoint once their locks expire); this worker's record goes.
   */
  async stop(): Promise<number> {
    this.stopping = true;
    if (this.beatTimer) clearInterval(this.beatTimer);
    const handedBack = this.running.size;
    for (const { runner } of this.running.values()) runner.abandon();
    // Bounded: with Redis gone, leaving must not wait for it (the record then shows this worker as lost).
    await settleWithin(Promise.all([this.bull?.close(true), removeWorker(this.redis, this.keys, this.id)]), LEAVE_WAIT_MS);
    this.redis.disconnect();
    return handedBack;
  }
}
