import type { Redis } from 'ioredis';
import { checkpointDir, checkpointEpochOf, pruneCheckpoints } from '../../../formats/checkpoint-dirs';
import { readCheckpointState } from '../../../formats/checkpoint-state';
import { trainerToHostSchema, type EpochMessage, type HostToTrainer, type StartMessage, type TrainerToHost } from '../../../shared/trainer-protocol';
import { dropCheckpointsBefore, fetchCheckpoint, writeCheckpointFiles } from '../remote/checkpoint-blobs';
import type { JobLook, RemotePool, WatchedJob } from '../remote/remote-pool';
import { isControlMessage, openEntry, parseExit, portableStart } from '../remote/wire';
import type { TrainerExit, TrainerProcess } from './launcher';
import { TailBuffer } from './tail-buffer';

/** Stream entries read at a time. */
const READ_BATCH = 64;
/** Rounds a job may be missing from Redis, held by no live worker, before it is queued again. */
const MISSING_ROUNDS = 3;
/** Rounds a failed or finished job waits for its worker's own exit report (already on its way) before the owner writes one. */
const FAILED_ROUNDS = 2;

/**
 * One trial attempt trained by a remote worker, as the TrialRunner sees any trainer process: it takes
 * the start message (and stop / continue / verdicts later), and relays what the trainer sends, in order, from the
 * job's Redis stream. On the way each epoch's checkpoint is fetched into the owner's run folder, so the
 * epoch and its checkpoint are stored in one transaction as for a local trial, and a retry resumes
 * anywhere. Until a worker picks the job up, the process stands in for the trainer's heartbeat (the
 * queue holds it; waiting for a worker is not a hang).
 */
export class RemoteTrainerProcess implements TrainerProcess, WatchedJob {
  readonly pid = undefined;
  private readonly messageListeners: ((msg: unknown) => void)[] = [];
  private readonly exitListeners: ((exit: TrainerExit) => void)[] = [];
  private readonly notes = new TailBuffer(20);
  private exited: TrainerExit | null = null;
  private start: StartMessage | null = null;
  private attached: Promise<string | null> = Promise.resolve(null);
  private currentJob: string | null = null;
  private reader: Redis | null = null;
  private unwatch: (() => void) | null = null;
  private killTimer: NodeJS.Timeout | null = null;
  /** Epochs the owner had on record when it re-attached: a replayed stream repeats them. */
  private recordedThrough = 0;
  private lastCheckpoint: { epoch: number; dir: string } | null = null;
  private missingRounds = 0;
  private failedRounds = 0;
  private warnedUnsigned = false;
  private warnedNoWorker = false;
  /** The stream is read to its end (a replay after re-attaching can take a while): only then is a missing exit missing. */
  private caughtUp = false;

  constructor(
    private readonly pool: RemotePool,
    private readonly studyId: number,
  ) {}

  get jobId(): string | null {
    return this.currentJob;
  }

  send(msg: HostToTrainer): void {
    if (this.exited) return;
    if (msg.type === 'start') this.begin(msg);
    else if (isControlMessage(msg)) this.control('msg', msg);
    // An 'evaluate' never gets here: evaluations run on the owner (see launcher-router.ts).
  }

  onMessage(listener: (msg: unknown) => void): void {
    this.messageListeners.push(listener);
  }

  onExit(listener: (exit: TrainerExit) => void): void {
    if (this.exited) listener(this.exited);
    else this.exitListeners.push(listener);
  }

  stop(graceMs: number): void {
    if (this.exited) return;
    this.control('msg', { type: 'stop', mode: 'now', reason: 'cancelled' });
    this.killTimer ??= setTimeout(() => this.kill(), graceMs);
  }

  /** Ends the attempt now: the worker is told to kill its trainer, and the owner does not wait for it. */
  kill(): void {
    if (this.exited) return;
    const runId = this.start?.runId;
    this.finish({ reason: 'killed', code: null, signal: 'SIGKILL', stderrTail: this.notes.toString() }, false);
    if (runId === undefined) return;
    if (this.currentJob) this.pool.killLater(this.currentJob, runId);
    // Still being queued: kill it once it is (a failed queueing has nothing to stop).
    else void this.attached.then((jobId) => jobId && this.pool.killLater(jobId, runId), () => undefined);
  }

  /** The watchdog's round: stand in for the heartbeat while queued, requeue a job Redis lost, report a failed one. */
  observe(look: JobLook): void {
    if (this.exited) return;
    const { state } = look;
    if (state === 'waiting' || state === 'prioritized' || state === 'delayed' || state === 'waiting-children') {
      this.emit({ type: 'heartbeat', at: Date.now() });
      if (look.onlineWorkers === 0 && !this.warnedNoWorker) {
        // A worker started with another token pulls from another queue: say how to get this one's.
        this.note(`waiting for a worker: none is online for this owner's queue on ${this.pool.target.display} (start one with its worker token: 'hparam-studio workers --token')`);
        this.warnedNoWorker = true;
      }
    }
    this.missingRounds = state === 'unknown' && !look.heldByLiveWorker ? this.missingRounds + 1 : 0;
    // A job that ended on its worker has its exit in the stream: reading it takes a moment, never rounds.
    this.failedRounds = (state === 'failed' || state === 'completed') && this.caughtUp ? this.failedRounds + 1 : 0;
    if (this.missingRounds >= MISSING_ROUNDS) {
      this.missingRounds = 0;
      void this.requeue();
    } else if (this.failedRounds >= FAILED_ROUNDS) {
      const why = state === 'failed' ? `the job failed on its worker: ${look.failedReason ?? 'no reason given'}` : 'the job ended on its worker without saying how its trainer ended';
      this.finish({ reason: 'crashed', code: null, signal: null, stderrTail: `${this.notes.toString()}${why}\n` });
    }
  }

  private begin(start: StartMessage): void {
    this.start = start;
    this.attached = (async () => {
      await this.pool.ready();
      const { jobId, adopted } = await this.pool.attach(start, this.studyId);
      this.currentJob = jobId;
      if (this.exited) return jobId; // killed while it was being queued: kill() takes it off again
      if (adopted) {
        this.recordedThrough = start.resumeFrom?.epoch ?? 0;
        this.note(`re-attached to job ${jobId}, which its worker kept training while this run had no owner`);
      }
      this.unwatch = this.pool.watch(this);
      void this.readLoop(jobId);
      return jobId;
    })();
    this.attached.catch((err: unknown) => {
      // Redis unreachable or unfit, a dataset that cannot be published: the run says why, and is retried.
      this.emit({ type: 'failed', message: (err as Error).message, retryable: true });
      this.finish({ reason: 'launch-failed', code: null, signal: null, stderrTail: `${(err as Error).message}\n` });
    });
  }

  private control(kind: 'msg', msg: HostToTrainer): void {
    void this.attached
      .then((jobId) => (jobId ? this.pool.control(jobId, kind, msg) : undefined))
      .catch((err: unknown) => this.note(`could not send '${msg.type}' to the worker: ${(err as Error).message}`));
  }

  /** Reads the job's stream in order until the trainer's exit is in (or this attempt ends otherwise). */
  private async readLoop(jobId: string): Promise<void> {
    const key = this.pool.keys.out(jobId);
    const reader = this.pool.duplicate();
    this.reader = reader;
    let lastId = '0';
    try {
      while (!this.exited) {
        const reply = (await reader.xread('COUNT', READ_BATCH, 'BLOCK', 2000, 'STREAMS', key, lastId)) as [string, [string, string[]][]][] | null;
        const entries = reply?.[0]?.[1] ?? [];
        for (const [id, fields] of entries) {
          if (this.exited) return;
          await this.handle(jobId, id, fields);
          lastId = id;
        }
        this.caughtUp = entries.length < READ_BATCH;
      }
    } catch (err) {
      if (!this.exited) this.note(`stopped reading the job's messages: ${(err as Error).message}`);
    } finally {
      reader.disconnect();
    }
  }

  private async handle(jobId: string, entryId: string, fields: string[]): Promise<void> {
    const entry = openEntry(this.pool.signer, jobId, fields);
    if (!entry) {
      if (!this.warnedUnsigned) this.note('ignored a message without a valid worker-token signature');
      this.warnedUnsigned = true;
      return;
    }
    if (entry.kind === 'exit') {
      this.finish(parseExit(entry.data) ?? { reason: 'crashed', code: null, signal: null, stderrTail: 'the worker reported an unreadable exit' });
      return;
    }
    const parsed = trainerToHostSchema.safeParse(entry.data);
    if (!parsed.success) {
      this.emit(entry.data); // the session refuses it as a protocol error, as for a local trainer
      return;
    }
    const msg = parsed.data;
    if (msg.type === 'epoch') {
      if (msg.epoch <= this.recordedThrough) {
        // On record already: a re-attached stream repeats it. Its trainer may still wait for the verdict
        // the previous owner died before sending: go on (a stop it had decided is stored, and recovery
        // ended the run by it, so a run re-attached to is one that trains on).
        if (this.start!.verdicts) this.control('msg', { type: 'verdict', epoch: msg.epoch, stop: null });
        return;
      }
      const landed = await this.landCheckpoint(jobId, msg);
      this.emit(landed);
      if (landed.checkpoint) await this.tidyAfter(jobId, entryId, msg.epoch, landed.checkpoint.path);
      return;
    }
    if (msg.type === 'done' && msg.finalCheckpoint) {
      const epoch = checkpointEpochOf(msg.finalCheckpoint);
      this.emit({ ...msg, finalCheckpoint: epoch === null ? null : checkpointDir(this.runDir, epoch) });
      return;
    }
    this.emit(msg);
  }

  private get runDir(): string {
    return this.start!.runDir;
  }

  /** The epoch's checkpoint, fetched from Redis into the owner's run folder; the message then names it there. */
  private async landCheckpoint(jobId: string, msg: EpochMessage): Promise<EpochMessage> {
    if (!msg.checkpoint) return msg;
    try {
      const files = await fetchCheckpoint(this.pool.redis, this.pool.keys, this.pool.signer, jobId, msg.epoch);
      const dir = checkpointDir(this.runDir, msg.epoch);
      writeCheckpointFiles(files, dir);
      return { ...msg, checkpoint: { path: dir, isBest: msg.checkpoint.isBest } };
    } catch (err) {
      // The metrics are still worth keeping; a resume then starts from the previous checkpoint.
      this.note(`epoch ${msg.epoch}: checkpoint not received (${(err as Error).message})`);
      return { ...msg, checkpoint: null };
    }
  }

  /** After an epoch is stored: older checkpoints go, here as in the trainer, and in Redis; so do read entries. */
  private async tidyAfter(jobId: string, entryId: string, epoch: number, dir: string): Promise<void> {
    this.lastCheckpoint = { epoch, dir };
    try {
      const best = readCheckpointState(dir)?.earlyStopping.bestEpoch;
      if (best !== undefined) pruneCheckpoints(this.runDir, [epoch, epoch - 1, best]);
      await dropCheckpointsBefore(this.pool.redis, this.pool.keys, jobId, epoch);
      // Entries up to this epoch are stored: a later owner re-attaching need not read them again.
      await this.pool.redis.xtrim(this.pool.keys.out(jobId), 'MINID', entryId);
    } catch (err) {
      this.note(`could not tidy up after epoch ${epoch}: ${(err as Error).message}`);
    }
  }

  /** The job vanished from Redis (restarted without persistence) with no worker on it: queue it again. */
  private async requeue(): Promise<void> {
    const jobId = this.currentJob;
    const start = this.start;
    if (!jobId || !start) return;
    const attempt = Number(jobId.slice(jobId.lastIndexOf('-') + 1));
    const resume = this.lastCheckpoint ?? (start.resumeFrom ? { epoch: start.resumeFrom.epoch, dir: start.resumeFrom.path } : null);
    try {
      await this.pool.enqueue({ v: 1, runId: start.runId, attempt, studyId: this.studyId, start: { ...portableStart(start), attempt } }, jobId, resume, start.dataset);
      this.note(`job ${jobId} vanished from Redis with no worker on it; queued again from ${resume ? `epoch ${resume.epoch}` : 'the start'}`);
    } catch (err) {
      this.note(`job ${jobId} vanished from Redis and could not be queued again yet: ${(err as Error).message}`);
    }
  }

  /** A line for the run's log (and its error report, should the attempt fail). */
  private note(message: string): void {
    this.notes.push(`${message}\n`);
    this.emit({ type: 'log', level: 'warn', message: `remote: ${message}` } satisfies TrainerToHost);
  }

  private emit(msg: unknown): void {
    if (this.exited) return; // the attempt is settled: nothing more is recorded for it
    for (const l of this.messageListeners) l(msg);
  }

  private finish(exit: TrainerExit, forget = true): void {
    if (this.exited) return;
    this.exited = exit;
    if (this.killTimer) clearTimeout(this.killTimer);
    this.unwatch?.();
    this.reader?.disconnect();
    for (const l of this.exitListeners.splice(0)) l(exit);
    const jobId = this.currentJob;
    if (forget && jobId && this.start) {
      const runId = this.start.runId;
      // The attempt's end is recorded (synchronously, right after the listeners) before Redis answers
      // the clean-up's first command, so its traces never go before its record.
      this.pool.forgetLater(jobId, runId);
    }
  }
}
