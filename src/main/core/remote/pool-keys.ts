/**
 * Every Redis key of one worker pool (the owner and the workers sharing a token): BullMQ's queue under
 * the `hps` prefix, and our own keys beside it. Job id = `<run id>-<attempt>`: queueing an attempt twice
 * is one job (BullMQ ignores an add with an id it holds), so a duplicate never trains twice.
 */
export class PoolKeys {
  readonly prefix = 'hps';
  readonly queueName: string;
  private readonly ns: string;

  constructor(readonly fingerprint: string) {
    this.queueName = `trials-${fingerprint}`;
    this.ns = `hps:${fingerprint}`;
  }

  static jobId(runId: number, attempt: number): string {
    return `${runId}-${attempt}`;
  }

  /** Hash: worker id → its record (host, backend, running jobs, last beat). */
  get workers(): string {
    return `${this.ns}:workers`;
  }

  /** Stream: worker → owner, the trainer's messages and how its process ended. */
  out(jobId: string): string {
    return `${this.ns}:out:${jobId}`;
  }

  /** Stream: owner → worker, stop / continue / verdict / kill. */
  ctl(jobId: string): string {
    return `${this.ns}:ctl:${jobId}`;
  }

  /** Sorted set: epochs whose checkpoint is in Redis for this job (score = epoch). */
  checkpoints(jobId: string): string {
    return `${this.ns}:ckpts:${jobId}`;
  }

  /** Hash: one checkpoint's files (`f:<name>`) and their signature. */
  checkpoint(jobId: string, epoch: number): string {
    return `${this.ns}:ckpt:${jobId}:${epoch}`;
  }

  /** Hash: which job trains this run now (`job`), for the owner's re-attach and a worker's stale check. */
  run(runId: number): string {
    return `${this.ns}:run:${runId}`;
  }

  /** Hash: a dataset's files (name, size, sha256, chunks) and its meta, signed. */
  dataset(id: string): string {
    return `${this.ns}:ds:${id}`;
  }

  datasetChunk(id: string, file: string, index: number): string {
    return `${this.ns}:ds:${id}:${file}:${index}`;
  }
}
