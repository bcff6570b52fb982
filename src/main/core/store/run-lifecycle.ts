import type Database from 'better-sqlite3';
import { BACKENDS, TERMINAL_RUN_STATUSES, type BackendName, type RunStatus } from '../../../shared/domain/run';
import { AppError } from '../../../shared/result';
import { nowIso } from './db';
import type { RunRow } from './types';

export interface RunStart {
  backend: BackendName;
  backendNotes: string[];
  pid: number;
}

export interface RunEnd {
  /** One of the terminal statuses: completed, failed, cancelled, pruned. */
  status: RunStatus;
  error?: string;
  stderrTail?: string;
  /** undefined keeps what is stored; null clears it. */
  finalCheckpoint?: string | null;
}

/** Which statuses each transition may leave from; anything else is a scheduler bug worth a clear error. */
const FROM: Record<'start' | 'finish' | 'interrupt' | 'requeue', readonly RunStatus[]> = {
  // Resuming goes through requeue, which drops the epochs after the checkpoint the trainer reloads.
  start: ['queued'],
  finish: ['queued', 'running', 'interrupted'],
  // queued too: a trial launched and paused before its trainer reported ready never became running.
  interrupt: ['running', 'queued'],
  requeue: ['interrupted', 'failed', 'cancelled', 'pruned'],
};

export function assertTransition(run: RunRow, action: keyof typeof FROM): void {
  if (!FROM[action].includes(run.status)) {
    throw new AppError('conflict', `Run ${run.id} is ${run.status}; cannot ${action} it (only from ${FROM[action].join(', ')})`);
  }
}

/** Status changes of runs. Callers own the transaction and check the run exists. */
export class RunLifecycle {
  private readonly start;
  private readonly finish;
  private readonly interrupt;
  private readonly interruptAllRuns;
  private readonly interruptAllStudies;
  private readonly backToQueue;
  private readonly checkpoint;

  constructor(db: Database.Database) {
    // A resumed run keeps its first started_at; error and ended_at belong to the attempt before.
    this.start = db.prepare(`
      UPDATE run SET status = 'running', backend = @backend, backend_notes_json = @notes, pid = @pid,
        started_at = coalesce(started_at, @now), ended_at = NULL, error = NULL, stderr_tail = NULL
      WHERE id = @id`);
    this.finish = db.prepare(`
      UPDATE run SET status = @status, error = @error, stderr_tail = @stderr_tail, ended_at = @now, pid = NULL,
        final_checkpoint = CASE WHEN @keep_final THEN final_checkpoint ELSE @final_checkpoint END
      WHERE id = @id`);
    this.interrupt = db.prepare<[number]>("UPDATE run SET status = 'interrupted', pid = NULL WHERE id = ?");
    this.interruptAllRuns = db.prepare("UPDATE run SET status = 'interrupted', pid = NULL WHERE status = 'running'");
    this.interruptAllStudies = db.prepare<[string]>("UPDATE study SET status = 'interrupted', updated_at = ? WHERE status = 'running'");
    this.backToQueue = db.prepare<[number]>(`
      UPDATE run SET status = 'queued', ended_at = NULL, error = NULL, stderr_tail = NULL, pid = NULL,
        final_checkpoint = NULL
      WHERE id = ?`);
    this.checkpoint = db.prepare<[string, number, number, number]>(`
      UPDATE run SET last_checkpoint = ?, last_checkpoint_epoch = ?
      WHERE id = ? AND coalesce(last_checkpoint_epoch, 0) <= ?`);
  }

  markStarted(run: RunRow, start: RunStart): void {
    assertTransition(run, 'start');
    if (!BACKENDS.includes(start.backend)) {
      throw new AppError('invalid_input', `Run ${run.id}: backend "${start.backend}" is not one of ${BACKENDS.join(', ')}`);
    }
    if (!Number.isInteger(start.pid)) throw new AppError('invalid_input', `Run ${run.id}: pid ${start.pid} is not an integer`);
    this.start.run({ id: run.id, backend: start.backend, notes: JSON.stringify(start.backendNotes), pid: start.pid, now: nowIso() });
  }

  finishRun(run: RunRow, end: RunEnd): void {
    assertTransition(run, 'finish');
    if (!TERMINAL_RUN_STATUSES.includes(end.status)) {
      throw new AppError(
        'invalid_input',
        `Run ${run.id}: finish status "${end.status}" must be one of ${TERMINAL_RUN_STATUSES.join(', ')} (use markRunInterrupted / requeueRun otherwise)`,
      );
    }
    this.finish.run({
      id: run.id,
      status: end.status,
      error: end.error ?? null,
      stderr_tail: end.stderrTail ?? null,
      now: nowIso(),
      keep_final: end.finalCheckpoint === undefined ? 1 : 0,
      final_checkpoint: end.finalCheckpoint ?? null,
    });
  }

  markInterrupted(run: RunRow): void {
    assertTransition(run, 'interrupt');
    this.interrupt.run(run.id);
  }

  /** Every 'running' run and study: their processes died with the previous app session. */
  markAllRunningInterrupted(): number {
    this.interruptAllStudies.run(nowIso());
    return this.interruptAllRuns.run().changes;
  }

  requeue(run: RunRow): void {
    assertTransition(run, 'requeue');
    this.backToQueue.run(run.id);
  }

  /** Keeps the newest checkpoint: a late message about an older epoch does not move it back. */
  setLastCheckpoint(runId: number, epoch: number, path: string): void {
    this.checkpoint.run(path, epoch, runId, epoch);
  }
}
