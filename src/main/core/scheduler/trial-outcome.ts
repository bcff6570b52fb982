import type { RunStatus } from '../../../shared/domain/run';
import type { TrainerToHost } from '../../../shared/trainer-protocol';
import type { TrainerExit } from './launcher';

type DoneMessage = Extract<TrainerToHost, { type: 'done' }>;

/** What the host observed during one trial, folded into the run's final state when the process ends. */
export interface TrialObservations {
  done: DoneMessage | null;
  failedMessage: string | null;
  hostRequest: 'cancelled' | 'pruned' | 'paused' | null;
  heartbeatTimedOutAfterMs: number | null;
  protocolError: string | null;
}

export interface TrialOutcome {
  status: RunStatus;
  error?: string;
  stderrTail?: string;
  finalCheckpoint?: string | null;
}

/**
 * Decides a run's final status from what happened. Order matters: an explicit `done` wins (the trial
 * finished its work even if the exit was messy); host requests come next so a cancel is never reported
 * as a crash; only then is the exit itself the error.
 */
export function decideOutcome(obs: TrialObservations, exit: TrainerExit): TrialOutcome {
  if (obs.done) {
    const by = obs.done.stoppedBy;
    const status: RunStatus =
      by === 'pruned' ? 'pruned' : by === 'cancelled' ? 'cancelled' : by === 'paused' ? 'interrupted' : 'completed';
    return { status, finalCheckpoint: obs.done.finalCheckpoint };
  }
  if (obs.hostRequest === 'cancelled') return { status: 'cancelled' };
  if (obs.hostRequest === 'paused') return { status: 'interrupted' };
  if (obs.protocolError) return { status: 'failed', error: obs.protocolError, stderrTail: exit.stderrTail };
  if (obs.heartbeatTimedOutAfterMs !== null) {
    return {
      status: 'failed',
      error: `trainer stopped answering: no message for ${Math.round(obs.heartbeatTimedOutAfterMs / 1000)} s (heartbeat timeout); it was killed`,
      stderrTail: exit.stderrTail,
    };
  }
  if (obs.failedMessage) return { status: 'failed', error: obs.failedMessage, stderrTail: exit.stderrTail };
  if (exit.reason === 'oom') {
    return { status: 'failed', error: 'trainer ran out of memory; try a smaller batch size or model', stderrTail: exit.stderrTail };
  }
  if (exit.reason === 'launch-failed') return { status: 'failed', error: 'trainer process could not start', stderrTail: exit.stderrTail };
  const how = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
  return { status: 'failed', error: `trainer process crashed (${how}) before finishing`, stderrTail: exit.stderrTail };
}
