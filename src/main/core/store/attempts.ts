import type Database from 'better-sqlite3';
import type { BackendName } from '../../../shared/domain/run';
import type { AttemptOutcome, AttemptRow } from './types';

interface AttemptDbRow {
  run_id: number;
  attempt: number;
  from_epoch: number;
  started_at: string;
  ready_at: string | null;
  ended_at: string | null;
  backend: string | null;
  pid: number | null;
  outcome: string | null;
  error: string | null;
  device: string | null;
  device_name: string | null;
  threads: number | null;
}

// outcome is held to its enumeration by a CHECK constraint; backend is whatever the trainer reported.
const toAttempt = (r: AttemptDbRow): AttemptRow => ({
  runId: r.run_id,
  attempt: r.attempt,
  fromEpoch: r.from_epoch,
  startedAt: r.started_at,
  readyAt: r.ready_at,
  endedAt: r.ended_at,
  backend: r.backend as BackendName | null,
  pid: r.pid,
  outcome: r.outcome as AttemptOutcome | null,
  error: r.error,
  device: r.device,
  deviceName: r.device_name,
  threads: r.threads,
});

/** Every launch of a run (rows are written by RunLifecycle and recovery; this reads them). */
export class AttemptTable {
  private readonly byRun;

  constructor(db: Database.Database) {
    this.byRun = db.prepare<[number], AttemptDbRow>('SELECT * FROM run_attempt WHERE run_id = ? ORDER BY attempt');
  }

  list(runId: number): AttemptRow[] {
    return this.byRun.all(runId).map(toAttempt);
  }
}
