import fs from 'node:fs';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { checkpointDir } from '../../../../formats/checkpoint-dirs';
import type { BackendPreference } from '../../../../shared/domain/run';
import { trainerToHostSchema, type StartMessage, type TrainerToHost } from '../../../../shared/trainer-protocol';
import type { Launcher, TrainerExit, TrainerProcess } from '../../scheduler/launcher';
import { addCheckpoint, BLOB_TTL_S, fetchCheckpoint, latestCheckpointEpoch, readCheckpointFiles, writeCheckpointFiles, type CheckpointFiles } from '../checkpoint-blobs';
import type { PoolKeys } from '../pool-keys';
import type { WireSigner } from '../signing';
import { entryFields, openEntry, parseControl, type ControlMessage, type RemoteJob } from '../wire';

export interface JobRunnerDeps {
  redis: Redis;
  /** A connection of its own for the blocking reads of the control stream. */
  duplicate(): Redis;
  keys: PoolKeys;
  signer: WireSigner;
  launcher: Launcher;
  /** This worker's folder for the job's run (checkpoints), removed when the job ends. */
  runDir: string;
  /** The dataset's cache folder on this worker, fetched once by content hash. */
  dataset(job: RemoteJob): Promise<string>;
  /** The worker's backend for studies that leave it open ('auto'). */
  backend: BackendPreference | undefined;
  /** Extra trainer environment (the GPU this trial is placed on). */
  env: Record<string, string>;
  /** Says who trains it, in the run's backend notes. */
  describe: string;
  /** How long a trainer may wait for the owner's verdict on an epoch (VERDICT_WAIT_MS unless a test says). */
  verdictWaitMs?: number;
  log(line: string): void;
}

/**
 * A judged trial's trainer waits for the owner's verdict after each epoch. An owner that died and is not
 * resumed (or one that ended the run at recovery by its stored intent) never sends it: after this long
 * the worker stops the trainer and reports why, so the slot is free again; an owner that comes back
 * reads that report and retries the trial from its last checkpoint.
 */
export const VERDICT_WAIT_MS = 10 * 60_000;

/** How the job ended on this worker: reported to the owner, or left for another worker (no report). */
export type JobEnd = 'reported' | 'killed-by-owner' | 'abandoned' | 'superseded';

/**
 * One job on a worker: checks it is still the run's current job, fetches the dataset and the checkpoint
 * to resume from, forks a trainer exactly as the owner's NodeLauncher does, and relays in order what
 * the trainer sends into the job's stream (each epoch together with its checkpoint, in one MULTI),
 * while relaying the owner's stop / continue / verdicts / kill from the control stream to the trainer.
 */
export class JobRunner {
  private proc: TrainerProcess | null = null;
  private relayChain: Promise<void> = Promise.resolve();
  private end: JobEnd | null = null;
  private ctlReader: Redis | null = null;
  private lastCtlId = '0';
  /** The epoch whose verdict the trainer waits for, and the limit on that wait. */
  private awaiting: { epoch: number; timer: NodeJS.Timeout } | null = null;
  private gaveUp: string | null = null;
  private resolveExit!: (exit: TrainerExit) => void;
  private readonly exited = new Promise<TrainerExit>((resolve) => (this.resolveExit = resolve));

  constructor(
    private readonly deps: JobRunnerDeps,
    readonly jobId: string,
    readonly job: RemoteJob,
  ) {}

  async run(): Promise<JobEnd> {
    const { keys, redis } = this.deps;
    const current = await redis.hget(keys.run(this.job.runId), 'job');
    if (current !== null && current !== this.jobId) return 'superseded'; // a newer attempt took the run over
    const backlog = this.readControl(await redis.xrange(keys.ctl(this.jobId), '-', '+'));
    if (backlog === 'kill') return 'killed-by-owner';
    const beat = setInterval(() => this.relay({ type: 'heartbeat', at: Date.now() }), Math.max(100, Math.floor(this.job.start.heartbeatMs / 3)));
    let start: StartMessage;
    try {
      start = await this.prepare();
    } catch (err) {
      clearInterval(beat);
      // Nothing trained: the owner records why, and retries it like any failure outside the config.
      this.relay({ type: 'failed', message: `worker ${this.deps.describe}: ${(err as Error).message}`, retryable: true });
      await this.report({ reason: 'launch-failed', code: null, signal: null, stderrTail: `${(err as Error).message}\n` });
      return 'reported';
    } finally {
      clearInterval(beat);
    }
    if (this.end) return this.end; // handed back while it was being prepared
    const proc = this.deps.launcher.launch({ runId: this.job.runId, env: this.deps.env });
    this.proc = proc;
    proc.onMessage((raw) => this.fromTrainer(raw));
    proc.onExit((exit) => this.resolveExit(exit));
    proc.send(start);
    for (const msg of backlog) this.toTrainer(msg);
    void this.controlLoop();
    const exit = await this.exited;
    this.verdictCame(Infinity);
    this.ctlReader?.disconnect();
    if (this.end) return this.end; // killed by the owner, or handed back: nothing to report
    await this.report(this.gaveUp ? { ...exit, stderrTail: `${exit.stderrTail}${this.gaveUp}\n` } : exit);
    return 'reported';
  }

  /** Kills the trainer without a report: the job's lock is lost (another worker has it now) or this worker is leaving. */
  abandon(): void {
    this.end ??= 'abandoned';
    this.proc?.kill();
    if (!this.proc) this.resolveExit({ reason: 'killed', code: null, signal: null, stderrTail: '' });
  }

  /** The start message for this worker: its own dataset and run folders, and the newest checkpoint in Redis. */
  private async prepare(): Promise<StartMessage> {
    const { keys, redis, signer, runDir } = this.deps;
    const cacheDir = await this.deps.dataset(this.job);
    fs.rmSync(runDir, { recursive: true, force: true });
    fs.mkdirSync(runDir, { recursive: true });
    const epoch = await latestCheckpointEpoch(redis, keys, this.jobId);
    let resumeFrom: StartMessage['resumeFrom'];
    if (epoch !== null) {
      const dir = checkpointDir(runDir, epoch);
      writeCheckpointFiles(await fetchCheckpoint(redis, keys, signer, this.jobId, epoch), dir);
      resumeFrom = { epoch, path: dir };
    }
    const { start } = this.job;
    const backend = start.backend === 'auto' && this.deps.backend ? this.deps.backend : start.backend;
    this.deps.log(`run ${this.job.runId} attempt ${this.job.attempt} (job ${this.jobId}): started, ${resumeFrom ? `resuming after epoch ${resumeFrom.epoch}` : 'from the start'}`);
    this.relay({ type: 'log', level: 'info', message: `worker ${this.deps.describe}: ${resumeFrom ? `resuming after epoch ${resumeFrom.epoch}` : 'starting'}` });
    return { ...start, dataset: { meta: start.dataset.meta, cacheDir }, runDir, resumeFrom, backend };
  }

  /**
   * A trainer message, relayed in order. An epoch's checkpoint is read here, as the message arrives:
   * the trainer deletes it two epochs later, and the relay may lag behind while Redis is away.
   */
  private fromTrainer(raw: unknown): void {
    const parsed = trainerToHostSchema.safeParse(raw);
    if (!parsed.success) return this.relay(raw); // the owner refuses it, as it would from a local trainer
    const msg = parsed.data;
    if (msg.type === 'ready') return this.relay({ ...msg, backendNotes: [...msg.backendNotes, `trained by worker ${this.deps.describe}`] });
    if (msg.type === 'epoch' && msg.checkpoint) {
      let files: CheckpointFiles | null = null;
      try {
        files = readCheckpointFiles(msg.checkpoint.path);
      } catch (err) {
        this.deps.log(`job ${this.jobId}: epoch ${msg.epoch}: checkpoint unreadable (${(err as Error).message}); relayed without it`);
      }
      this.relay(files ? msg : { ...msg, checkpoint: null }, files);
    } else this.relay(msg);
    if (msg.type === 'epoch' && this.job.start.verdicts) this.awaitVerdict(msg.epoch);
  }

  private awaitVerdict(epoch: number): void {
    this.verdictCame(Infinity);
    const waitMs = this.deps.verdictWaitMs ?? VERDICT_WAIT_MS;
    const timer = setTimeout(() => {
      this.gaveUp = `no verdict from the owner on epoch ${epoch} in ${Math.round(waitMs / 1000)} s (its owner is gone?): the worker stopped the trainer`;
      this.deps.log(`job ${this.jobId}: ${this.gaveUp}`);
      this.relay({ type: 'log', level: 'warn', message: `worker ${this.deps.describe}: ${this.gaveUp}` });
      this.proc?.kill();
    }, waitMs);
    this.awaiting = { epoch, timer };
  }

  /** A verdict on `epoch` reached the trainer (Infinity: stop waiting whatever the epoch). */
  private verdictCame(epoch: number): void {
    if (!this.awaiting || epoch < this.awaiting.epoch) return;
    clearTimeout(this.awaiting.timer);
    this.awaiting = null;
  }

  /** A control message for the trainer; a verdict ends the wait for it. */
  private toTrainer(msg: ControlMessage): void {
    if (msg.type === 'verdict') this.verdictCame(msg.epoch);
    this.proc?.send(msg);
  }

  private relay(msg: TrainerToHost | unknown, checkpoint: CheckpointFiles | null = null): void {
    this.relayChain = this.relayChain.then(() => this.post('msg', msg, checkpoint)).catch((err: unknown) => this.deps.log(`job ${this.jobId}: could not relay a message: ${(err as Error).message}`));
  }

  /** After every message before it: how the trainer ended. */
  private async report(exit: TrainerExit): Promise<void> {
    this.relayChain = this.relayChain.then(() => this.post('exit', exit, null));
    await this.relayChain;
    this.deps.log(`run ${this.job.runId} attempt ${this.job.attempt} (job ${this.jobId}): trainer ended (${exit.reason}${exit.code !== null ? `, code ${exit.code}` : ''})`);
  }

  private async post(kind: 'msg' | 'exit', data: unknown, checkpoint: CheckpointFiles | null): Promise<void> {
    const { keys, signer, redis } = this.deps;
    const tx = redis.multi();
    if (checkpoint) addCheckpoint(tx, keys, signer, this.jobId, (data as { epoch: number }).epoch, checkpoint);
    tx.xadd(keys.out(this.jobId), '*', ...entryFields(signer, this.jobId, kind, data)).expire(keys.out(this.jobId), BLOB_TTL_S);
    const replies = await tx.exec();
    const failed = replies?.find(([err]) => err);
    if (failed) throw failed[0]!;
  }

  /** stop / continue / verdicts go to the trainer, kill ends it (the owner has already settled the attempt). */
  private async controlLoop(): Promise<void> {
    const reader = this.deps.duplicate();
    this.ctlReader = reader;
    const key = this.deps.keys.ctl(this.jobId);
    try {
      for (;;) {
        const reply = (await reader.xread('BLOCK', 1000, 'STREAMS', key, this.lastCtlId)) as [string, [string, string[]][]][] | null;
        const got = this.readControl(reply?.[0]?.[1] ?? []);
        if (got === 'kill') {
          this.end ??= 'killed-by-owner';
          this.proc?.kill();
          return;
        }
        for (const msg of got) this.toTrainer(msg);
      }
    } catch {
      // disconnected once the trainer is gone
    } finally {
      reader.disconnect();
    }
  }

  private readControl(entries: [string, string[]][]): ControlMessage[] | 'kill' {
    const out: ControlMessage[] = [];
    for (const [id, fields] of entries) {
      this.lastCtlId = id;
      const entry = openEntry(this.deps.signer, this.jobId, fields);
      if (!entry) continue; // unsigned: not from the owner
      if (entry.kind === 'kill') return 'kill';
      const msg = parseControl(entry.data);
      if (msg) out.push(msg);
    }
    return out;
  }
}

export const jobRunDir = (workDir: string, jobId: string) => path.join(workDir, 'runs', jobId);
