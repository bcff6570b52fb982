import type Database from 'better-sqlite3';
import { BACKENDS, type BackendName, type RunStatus, type StopRequest } from '../../../shared/domain/run';
import { AppError } from '../../../shared/result';
import { nowIso } from './db';
import type { AttemptOutcome, FailureKind, RunRow } from './types';

/** What the trainer of an attempt reported when it was ready. */
export interface RunStart {
  backend: BackendName;
  backendNotes: string[];
  pid: number;
}

/**
 * How an attempt ends, as the scheduler decided it from what it observed and the run's stored intent.
 * `status: 'queued'` sends the run back to the queue (a retry, or a pause withdrawn by a resume): the next
 * attempt resumes from the last checkpoint.
 */
export interface Settlement {
  status: RunStatus;
  outcome: AttemptOutcome;
  error?: string;
  stderrTail?: string;
  /** undefined keeps what is stored; null clears it. */
  finalCheckpoint?: string | null;
  failureKind?: FailureKind;
  /** A failure outside the config: it spends one of the run's attempts. */
  spendsAttempt?: boolean;
}

/** Which statuses each transition may leave from; anything else is a scheduler bug worth a clear error. */
const FROM = {
  launch: ['queued'],
  finish: ['queued', 'running', 'interrupted', 'paused'],
  requeue: ['interrupted', 'paused', 'failed', 'cancelled', 'pruned'],
} satisfies Record<string, readonly RunStatus[]>;

export function assertTransition(run: RunRow, action: keyof typeof FROM): void {
  if (!(FROM[action] as readonly RunStatus[]).includes(run.status)) {
    throw new AppError('conflict', `Run ${run.id} is ${run.status}; cannot ${action} it (only from ${FROM[action].join(', ')})`);
  }
}

/** Run states a settlement may end in: every status but 'running'. */
const SETTLED: readonly RunStatus[] = ['queued', 'completed', 'failed', 'cancelled', 'pruned', 'interrupted', 'paused'];
const FINAL: readonly RunStatus[] = ['completed', 'failed', 'cancelled', 'pruned'];

/** Status changes of runs and their attempts. Callers own the transaction and check the run exists. */
export class RunLifecycle {
  private readonly launchStmt;
  private readonly openAttempt;
  private readonly readyRun;
  private readonly readyAttempt;
  private readonly settleStmt;
  private readonly closeAttempt;
  private readonly backToQueue;
  private readonly checkpoint;
  private readonly stopRequest;
  private readonly stopWhy;
  private readonly logTail;

  constructor(db: Database.Database) {
    // A resumed run keeps its first started_at; error and ended_at belong to the attempt before.
    this.launchStmt = db.prepare(`
      UPDATE run SET status = 'running', attempt = attempt + 1, pid = NULL, started_at = coalesce(started_at, @now),
        ended_at = NULL, error = NULL, stderr_tail = NULL, failure_kind = NULL
      WHERE id = @id`);
    this.openAttempt = db.prepare(`
      INSERT INTO run_attempt (run_id, attempt, from_epoch, started_at) VALUES (@run_id, @attempt, @from_epoch, @now)`);
    this.readyRun = db.prepare('UPDATE run SET backend = @backend, backend_notes_json = @notes, pid = @pid WHERE id = @id');
    this.readyAttempt = db.prepare('UPDATE run_attempt SET ready_at = @now, backend = @backend, pid = @pid WHERE run_id = @id AND attempt = @attempt');
    this.settleStmt = db.prepare(`
      UPDATE run SET status = @status, error = @error, stderr_tail = @stderr_tail, pid = NULL,
        ended_at = CASE WHEN @final THEN @now ELSE NULL END,
        stop_request = NULL, failure_kind = @failure_kind, failed_attempts = failed_attempts + @spent,
        final_checkpoint = CASE WHEN @keep_final THEN final_checkpoint ELSE @final_checkpoint END
      WHERE id = @id`);
    this.closeAttempt = db.prepare(`
      UPDATE run_attempt SET ended_at = @now, outcome = @outcome, error = @error
      WHERE run_id = @id AND attempt = @attempt AND ended_at IS NULL`);
    this.backToQueue = db.prepare<[number, number]>(`
      UPDATE run SET status = 'queued', ended_at = NULL, error = NULL, stderr_tail = NULL, pid = NULL,
        final_checkpoint = NULL, stop_request = NULL, failure_kind = NULL, stop_reason = NULL, rung = NULL,
        failed_attempts = CASE WHEN ? THEN 0 ELSE failed_attempts END
      WHERE id = ?`);
    this.checkpoint = db.prepare<[string, number, number, number]>(`
      UPDATE run SET last_checkpoint = ?, last_checkpoint_epoch = ?
      WHERE id = ? AND coalesce(last_checkpoint_epoch, 0) <= ?`);
    this.stopRequest = db.prepare<[StopRequest | null, number]>('UPDATE run SET stop_request = ? WHERE id = ?');
    this.stopWhy = db.prepare<[string, number | null, number]>('UPDATE run SET stop_reason = ?, rung = ? WHERE id = ?');
    this.logTail = db.prepare<[string, number]>('UPDATE run SET log_tail = ? WHERE id = ?');
  }

  /** queued → running: one more attempt, resuming from the last checkpoint the run has on record. */
  launch(run: RunRow): void {
    assertTransition(run, 'launch');
    const now = nowIso();
    this.launchStmt.run({ id: run.id, now });
    this.openAttempt.run({ run_id: run.id, attempt: run.attempt + 1, from_epoch: run.lastCheckpoint ? (run.lastCheckpointEpoch ?? 0) : 0, now });
  }

  /** The attempt's trainer loaded its backend. A message from an older attempt is refused. */
  markReady(run: RunRow, attempt: number, start: RunStart): void {
    this.requireAttempt(run, attempt, 'mark ready');
    if (!BACKENDS.includes(start.backend)) {
      throw new AppError('invalid_input', `Run ${run.id}: backend "${start.backend}" is not one of ${BACKENDS.join(', ')}`);
    }
    if (!Number.isInteger(start.pid)) throw new AppError('invalid_input', `Run ${run.id}: pid ${start.pid} is not an integer`);
    const row = { id: run.id, attempt, backend: start.backend, notes: JSON.stringify(start.backendNotes), pid: start.pid, now: nowIso() };
    this.readyRun.run(row);
    this.readyAttempt.run(row);
  }

  /** Ends an attempt: the run moves to the settlement's status and the attempt row records how it went. */
  settle(run: RunRow, attempt: number, s: Settlement): void {
    this.requireAttempt(run, attempt, 'settle');
    if (!SETTLED.includes(s.status)) throw new AppError('invalid_input', `Run ${run.id}: cannot settle an attempt as "${s.status}"`);
    const now = nowIso();
    this.settleStmt.run({
      id: run.id,
      status: s.status,
      // The run's error is why it failed; a retried or paused attempt keeps its error on the attempt row.
      error: s.status === 'failed' ? (s.error ?? null) : null,
      stderr_tail: s.stderrTail ?? null,
      now,
      final: FINAL.includes(s.status) ? 1 : 0,
      failure_kind: s.failureKind ?? null,
      spent: s.spendsAttempt ? 1 : 0,
      keep_final: s.finalCheckpoint === undefined ? 1 : 0,
      final_checkpoint: s.finalCheckpoint ?? null,
    });
    this.closeAttempt.run({ id: run.id, attempt, now, outcome: s.outcome, error: s.error ?? null });
  }

  /** A run that is not running ends without an attempt (cancelled in the queue, config refused at launch). */
  finishIdle(run: RunRow, s: Pick<Settlement, 'status' | 'error' | 'failureKind'>): void {
    assertTransition(run, 'finish');
    if (run.status === 'running') throw new AppError('conflict', `Run ${run.id} is running; its attempt must be settled`);
    if (!FINAL.includes(s.status)) throw new AppError('invalid_input', `Run ${run.id}: finish status "${s.status}" must be one of ${FINAL.join(', ')}`);
    this.settleStmt.run({
      id: run.id,
      status: s.status,
      error: s.error ?? null,
      stderr_tail: null,
      now: nowIso(),
      final: 1,
      failure_kind: s.failureKind ?? null,
      spent: 0,
      keep_final: 1,
      final_checkpoint: null,
    });
  }

  /** Back to the queue to resume from last_checkpoint; `freshAttempts` restores the retry budget. */
  requeue(run: RunRow, freshAttempts = false): void {
    assertTransition(run, 'requeue');
    this.backToQueue.run(freshAttempts ? 1 : 0, run.id);
  }

  setStopRequest(run: RunRow, request: StopRequest | null): void {
    this.stopRequest.run(request, run.id);
  }

  /** Why the pruner or the budget stops it (and the pruner's rung), kept on the run for the UI. */
  setStopReason(run: RunRow, reason: string, rung: number | null): void {
    this.stopWhy.run(reason, rung, run.id);
  }

  setLogTail(runId: number, tail: string): void {
    this.logTail.run(tail, runId);
  }

  /** Keeps the newest checkpoint: a late message about an older epoch does not move it back. */
  setLastCheckpoint(runId: number, epoch: number, path: string): void {
    this.checkpoint.run(path, epoch, runId, epoch);
  }

  private requireAttempt(run: RunRow, attempt: number, what: string): void {
    if (run.status !== 'running' || run.attempt !== attempt) {
      throw new AppError('conflict', `Run ${run.id} is ${run.status} at attempt ${run.attempt}; cannot ${what} attempt ${attempt}`);
    }
  }
}
