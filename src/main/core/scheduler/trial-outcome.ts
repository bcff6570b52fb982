import type { TrainerToHost } from '../../../shared/trainer-protocol';
import type { Settlement } from '../store/run-lifecycle';
import type { RunRow } from '../store/types';
import type { SessionEnd } from './trainer-session';

type DoneMessage = Extract<TrainerToHost, { type: 'done' }>;

/** What the host observed of one attempt, besides how its process ended. */
export interface TrialObservations {
  done: DoneMessage | null;
  failed: { message: string; retryable: boolean } | null;
  /** A store write failed while the attempt ran: its progress since then is not on record. */
  storageFailed: boolean;
}

/** The stored run as the attempt ends: its stop request and its retry budget. */
export type StoredRun = Pick<RunRow, 'stopRequest' | 'failedAttempts'>;

/**
 * How an attempt ends, from what happened and what the user last asked for (the run's stored stop
 * request). Order matters:
 * 1. an explicit `done` wins: the trainer finished its work (a pause it carried out after the user
 *    resumed again sends the run back to the queue);
 * 2. a cancel asked for is a cancel, and an owner shutting down leaves the run where its stored intent
 *    points (paused, pruned) or interrupted;
 * 3. then the failure: a broken protocol or a config error fails the run for good; anything else lay
 *    outside the config (signal, OOM, heartbeat, disk full) and is retried from the last checkpoint
 *    while the run has attempts left, unless a pause or prune was pending, which then takes effect.
 */
export function decideSettlement(obs: TrialObservations, end: SessionEnd, run: StoredRun, maxAttempts: number): Settlement {
  const { exit } = end;
  if (obs.done) {
    switch (obs.done.stoppedBy) {
      case 'pruned':
        return { status: 'pruned', outcome: 'pruned', finalCheckpoint: obs.done.finalCheckpoint };
      case 'cancelled':
        return { status: 'cancelled', outcome: 'cancelled', finalCheckpoint: obs.done.finalCheckpoint };
      case 'paused':
        return run.stopRequest === 'pause' ? { status: 'paused', outcome: 'paused' } : { status: 'queued', outcome: 'requeued' };
      default:
        return { status: 'completed', outcome: 'completed', finalCheckpoint: obs.done.finalCheckpoint };
    }
  }
  if (run.stopRequest === 'cancel' || end.hostKill === 'cancel') return { status: 'cancelled', outcome: 'cancelled' };
  const pending = pendingIntent(run);
  if (end.hostKill === 'shutdown' || obs.storageFailed) return pending ?? { status: 'interrupted', outcome: 'interrupted' };
  if (end.protocolError) return { status: 'failed', outcome: 'failed', error: end.protocolError, stderrTail: exit.stderrTail, failureKind: 'protocol' };
  if (obs.failed && !obs.failed.retryable) {
    return { status: 'failed', outcome: 'failed', error: obs.failed.message, stderrTail: exit.stderrTail, failureKind: 'config' };
  }
  const error = environmentError(obs, end);
  if (pending) return { ...pending, error };
  if (run.failedAttempts + 1 < maxAttempts) {
    return { status: 'queued', outcome: 'retried', error, stderrTail: exit.stderrTail, spendsAttempt: true };
  }
  const tried = maxAttempts > 1 ? ` (attempt ${run.failedAttempts + 1} of ${maxAttempts})` : '';
  return { status: 'failed', outcome: 'failed', error: `${error}${tried}`, stderrTail: exit.stderrTail, failureKind: 'environment', spendsAttempt: true };
}

function pendingIntent(run: StoredRun): Settlement | null {
  if (run.stopRequest === 'pause') return { status: 'paused', outcome: 'paused' };
  // Pruned at the last epoch on record: its last checkpoint is the model it keeps.
  if (run.stopRequest === 'prune') return { status: 'pruned', outcome: 'pruned' };
  return null;
}

function environmentError(obs: TrialObservations, end: SessionEnd): string {
  const { exit } = end;
  if (obs.failed) return obs.failed.message;
  if (end.hostKill === 'heartbeat') {
    return `trainer stopped answering: no message for ${Math.round((end.silentForMs ?? 0) / 1000)} s (heartbeat timeout); it was killed`;
  }
  if (exit.reason === 'oom') return 'trainer ran out of memory; try a smaller batch size or model';
  if (exit.reason === 'launch-failed') return 'trainer process could not start';
  const how = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
  return `trainer process crashed (${how}) before finishing`;
}
