import { Queue, type JobState } from 'bullmq';
import type { DatasetRef } from '../../../shared/domain/dataset';
import type { Redis } from 'ioredis';
import type { StartMessage } from '../../../shared/trainer-protocol';
import { settleWithin } from './bounded';
import { addCheckpoint, BLOB_TTL_S, readCheckpointFiles } from './checkpoint-blobs';
import { publishDataset } from './dataset-blobs';
import { PoolKeys } from './pool-keys';
import { checkRedis, openRedis } from './redis-connect';
import type { RedisTarget } from './redis-url';
import { jobsHeldByLiveWorkers, listWorkers } from './registry';
import { WireSigner } from './signing';
import { entryFields, portableStart, signJob, type CtlKind, type RemoteJob } from './wire';

/** How often the owner looks at the state of the jobs it waits on. */
const WATCH_MS = 1000;
/** Kept so a late look at a finished job still finds it (then BullMQ drops it). */
const KEEP_COMPLETED_S = 3600;
const KEEP_FAILED_S = 24 * 3600;
/** How long closing waits for clean-ups in Redis. */
const CLOSE_WAIT_MS = 5000;

/** What the watchdog tells a remote trial each round. */
export type JobLook = { state: JobState | 'unknown'; heldByLiveWorker: boolean; failedReason: string | null; onlineWorkers: number };

export interface WatchedJob {
  readonly jobId: string | null;
  observe(look: JobLook): void;
}

/**
 * The owner's side of one Redis: the BullMQ queue its trials go into, the keys beside it, and one
 * watchdog for every trial waiting on a worker. Connects lazily, checks Redis once (noeviction,
 * credentials) before the first trial, and reconnects on its own after that.
 */
export class RemotePool {
  readonly keys: PoolKeys;
  readonly signer: WireSigner;
  private redisConn: Redis | null = null;
  private queueConn: Queue | null = null;
  private checked: Promise<void> | null = null;
  private readonly watched = new Set<WatchedJob>();
  private watchTimer: NodeJS.Timeout | null = null;
  private watching = false;
  private closed = false;
  /** Clean-ups under way: closing waits for them, so a finished study leaves nothing behind in Redis. */
  private readonly tidying = new Set<Promise<void>>();
  /**
   * Jobs whose attempt this owner has ended. Their traces go in the background, so a run resumed at once
   * (pause, then resume) could still find its last job in Redis: it is never re-attached to.
   */
  private readonly ended = new Set<string>();

  constructor(
    readonly target: RedisTarget,
    token: string,
  ) {
    this.signer = new WireSigner(token);
    this.keys = new PoolKeys(this.signer.fingerprint);
  }

  /** Resolves once Redis was reached and found fit; a failure is reported to this trial and retried by the next. */
  ready(): Promise<void> {
    this.checked ??= checkRedis(this.target).catch((err: unknown) => {
      this.checked = null;
      throw err;
    });
    return this.checked;
  }

  get redis(): Redis {
    this.redisConn ??= openRedis(this.target, 'hparam-studio owner');
    return this.redisConn;
  }

  private get queue(): Queue {
    this.queueConn ??= new Queue(this.keys.queueName, { connection: this.redis, prefix: this.keys.prefix });
    return this.queueConn;
  }

  /** A connection of its own, for one trial's blocking reads. */
  duplicate(): Redis {
    return openRedis(this.target, 'hparam-studio owner reader');
  }

  /**
   * Puts a run's attempt on the queue, or re-attaches to the job a previous owner of this data directory
   * left on it (that owner died; its worker trains on): the attempt then relays that job instead of
   * queueing a second one, so no trial ever trains twice.
   */
  async attach(start: StartMessage, studyId: number): Promise<{ jobId: string; adopted: boolean }> {
    const redis = this.redis;
    const runKey = this.keys.run(start.runId);
    const previous = await redis.hget(runKey, 'job');
    if (previous && !this.ended.has(previous) && (await this.isAlive(previous))) {
      await redis.hset(runKey, 'attempt', start.attempt);
      return { jobId: previous, adopted: true };
    }
    const jobId = PoolKeys.jobId(start.runId, start.attempt);
    const resume = start.resumeFrom ? { epoch: start.resumeFrom.epoch, dir: start.resumeFrom.path } : null;
    await this.enqueue({ v: 1, runId: start.runId, attempt: start.attempt, studyId, start: portableStart(start) }, jobId, resume, start.dataset);
    return { jobId, adopted: false };
  }

  /**
   * Queues `job` as `jobId` with its dataset and the checkpoint to resume from (the workers read both
   * from Redis), and marks it as the run's current job. Also how a job Redis lost (restarted without persistence) is
   * queued again: same id, from the newest checkpoint the owner holds.
   */
  async enqueue(job: RemoteJob, jobId: string, resume: { epoch: number; dir: string } | null, dataset: DatasetRef): Promise<void> {
    await publishDataset(this.redis, this.keys, this.signer, dataset);
    if (resume) {
      const tx = this.redis.multi();
      addCheckpoint(tx, this.keys, this.signer, jobId, resume.epoch, readCheckpointFiles(resume.dir));
      await tx.exec();
    }
    await this.redis.hset(this.keys.run(job.runId), 'job', jobId, 'attempt', job.attempt);
    await this.redis.expire(this.keys.run(job.runId), BLOB_TTL_S);
    await this.queue.add('trial', signJob(this.signer, jobId, job), {
      jobId,
      attempts: 1,
      removeOnComplete: { age: KEEP_COMPLETED_S },
      removeOnFail: { age: KEEP_FAILED_S },
    });
  }

  /** A job still queued, running, or with unread messages: worth re-attaching to. */
  private async isAlive(jobId: string): Promise<boolean> {
    if ((await this.redis.exists(this.keys.out(jobId))) === 1) return true;
    const state = await this.queue.getJobState(jobId);
    return state === 'waiting' || state === 'active' || state === 'delayed' || state === 'prioritized';
  }

  /** Sends stop, continue or a verdict (kind 'msg') or kill to the worker that runs (or will run) `jobId`. */
  async control(jobId: string, kind: CtlKind, data: unknown): Promise<void> {
    const key = this.keys.ctl(jobId);
    await this.redis
      .multi()
      .xadd(key, '*', ...entryFields(this.signer, jobId, kind, data))
      .expire(key, BLOB_TTL_S)
      .exec();
  }

  /** Kills a job (in the background): the worker hears it on its control stream, and a job still waiting is removed. */
  killLater(jobId: string, runId: number): void {
    this.ended.add(jobId);
    this.later(`job ${jobId}: could not tell its worker to stop`, async () => {
      await this.control(jobId, 'kill', null);
      await this.queue.remove(jobId).catch(() => 0); // active jobs are locked: the kill reaches their worker
      await this.forget(jobId, runId);
    });
  }

  /** A job whose end the owner has taken in: its stream, checkpoints and run marker go (in the background). */
  forgetLater(jobId: string, runId: number): void {
    this.ended.add(jobId);
    this.later(`job ${jobId}: could not clean up its Redis keys`, () => this.forget(jobId, runId));
  }

  /** Work that nobody waits for, except close: a finished study leaves nothing behind in Redis. */
  private later(what: string, work: () => Promise<void>): void {
    const done: Promise<void> = work()
      .catch((err: unknown) => console.error(`[remote] ${what}: ${(err as Error).message}`))
      .finally(() => this.tidying.delete(done));
    this.tidying.add(done);
  }

  private async forget(jobId: string, runId: number): Promise<void> {
    const redis = this.redis;
    const epochs = await redis.zrange(this.keys.checkpoints(jobId), 0, -1);
    const tx = redis.multi().del(this.keys.out(jobId), this.keys.checkpoints(jobId), ...epochs.map((e) => this.keys.checkpoint(jobId, Number(e))));
    // The control stream outlives the job a little: a worker may still be about to read a kill.
    tx.expire(this.keys.ctl(jobId), 3600);
    await tx.exec();
    // Only if no newer attempt took the run over meanwhile.
    if ((await redis.hget(this.keys.run(runId), 'job')) === jobId) await redis.del(this.keys.run(runId));
  }

  watch(job: WatchedJob): () => void {
    this.watched.add(job);
    this.watchTimer ??= setInterval(() => void this.look(), WATCH_MS);
    return () => {
      this.watched.delete(job);
      if (this.watched.size === 0 && this.watchTimer) {
        clearInterval(this.watchTimer);
        this.watchTimer = null;
      }
    };
  }

  /** One round of the watchdog (skipped while the previous one still waits, e.g. on a restarting Redis). */
  private async look(): Promise<void> {
    if (this.watching || this.closed) return;
    this.watching = true;
    try {
      const jobs = [...this.watched].filter((j) => j.jobId !== null);
      if (jobs.length === 0) return;
      const { workers } = await listWorkers(this.redis, this.keys);
      const held = jobsHeldByLiveWorkers(workers);
      const onlineWorkers = workers.filter((w) => w.state === 'online').length;
      for (const job of jobs) {
        const jobId = job.jobId!;
        const state = await this.queue.getJobState(jobId);
        const failedReason = state === 'failed' ? ((await this.queue.getJob(jobId))?.failedReason ?? null) : null;
        job.observe({ state, heldByLiveWorker: held.has(jobId), failedReason, onlineWorkers });
      }
    } catch (err) {
      if (!this.closed) console.error(`[remote] ${this.target.display}: watchdog: ${(err as Error).message}`);
    } finally {
      this.watching = false;
    }
  }

  async listWorkers() {
    return listWorkers(this.redis, this.keys);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.watchTimer) clearInterval(this.watchTimer);
    // Bounded: a Redis that is down now would hold the owner open; its keys expire on their own.
    await settleWithin(Promise.all(this.tidying), CLOSE_WAIT_MS);
    await this.queueConn?.close().catch(() => undefined);
    this.redisConn?.disconnect();
  }
}
