import type Database from 'better-sqlite3';
import { nowIso } from './db';

export interface Recovered {
  /** Runs that were 'running' under the previous owner, now in the state their stored intent says. */
  runs: number;
  /** Of those, runs with no stop request: 'interrupted', to continue from their checkpoint on resume. */
  interrupted: number;
  /** Studies that were 'running', now 'interrupted'. */
  studies: number;
}

/**
 * Crash recovery, done only by the process that has just become the owner of the data directory: the
 * previous owner died with these runs 'running', so their processes are gone. Each run ends where its
 * stored intent points (a cancel asked for before the crash is a cancel, a pause a pause, a prune a
 * prune); the others are interrupted and resume from their last checkpoint. Callers own the transaction.
 */
export class Recovery {
  private readonly closeAttempts;
  private readonly runsByIntent;
  private readonly interruptRuns;
  private readonly interruptStudies;

  constructor(db: Database.Database) {
    this.closeAttempts = db.prepare(`
      UPDATE run_attempt SET ended_at = @now, error = coalesce(error, 'its owner process stopped'),
        outcome = CASE (SELECT stop_request FROM run WHERE run.id = run_attempt.run_id)
          WHEN 'cancel' THEN 'cancelled' WHEN 'prune' THEN 'pruned' WHEN 'pause' THEN 'paused' ELSE 'interrupted' END
      WHERE ended_at IS NULL AND run_id IN (SELECT id FROM run WHERE status = 'running')`);
    this.runsByIntent = db.prepare(`
      UPDATE run SET pid = NULL, stop_request = NULL,
        status = CASE stop_request WHEN 'cancel' THEN 'cancelled' WHEN 'prune' THEN 'pruned' ELSE 'paused' END,
        ended_at = CASE stop_request WHEN 'pause' THEN NULL ELSE @now END,
        final_checkpoint = CASE stop_request WHEN 'prune' THEN last_checkpoint ELSE final_checkpoint END
      WHERE status = 'running' AND stop_request IS NOT NULL`);
    this.interruptRuns = db.prepare("UPDATE run SET status = 'interrupted', pid = NULL WHERE status = 'running'");
    this.interruptStudies = db.prepare("UPDATE study SET status = 'interrupted', updated_at = @now WHERE status = 'running'");
  }

  recover(): Recovered {
    const now = nowIso();
    this.closeAttempts.run({ now });
    const byIntent = this.runsByIntent.run({ now }).changes;
    const interrupted = this.interruptRuns.run().changes;
    const studies = this.interruptStudies.run({ now }).changes;
    return { runs: byIntent + interrupted, interrupted, studies };
  }
}
