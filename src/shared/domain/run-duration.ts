/** What a run's training time is read from (a RunDto has it). */
export interface TimedRun {
  trainedSec: number;
  attemptStartedAt: string | null;
  startedAt: string | null;
}

/**
 * Seconds a run has trained: its ended attempts plus the one under way up to `now`. Pauses, time
 * queued after a retry and the gap before a resume are not training, so they do not count (a run
 * paused overnight reads minutes, not hours). Null for a run that never started.
 */
export function trainingSeconds(run: TimedRun, now: number): number | null {
  if (run.startedAt === null && run.attemptStartedAt === null) return null;
  const open = run.attemptStartedAt === null ? 0 : Math.max(0, (now - Date.parse(run.attemptStartedAt)) / 1000);
  return run.trainedSec + open;
}
