import type { StudySummaryDto } from '../../../../shared/contract';
import { TERMINAL_RUN_STATUSES } from '../../../../shared/domain/run';

export interface StudyProgress {
  done: number;
  /** The trial budget when the study has one, else the runs created so far. */
  total: number;
  failed: number;
  running: number;
}

/**
 * Runs are created as the scheduler launches them, so totalRuns alone would show a running study as
 * nearly finished; the spec's maxTrials is the real denominator when there is one.
 */
export function studyProgress(study: StudySummaryDto, maxTrials: number | undefined): StudyProgress {
  const done = TERMINAL_RUN_STATUSES.reduce((sum, status) => sum + (study.runCounts[status] ?? 0), 0);
  const total = Math.max(study.totalRuns, maxTrials ?? 0, done);
  return { done, total, failed: study.runCounts.failed ?? 0, running: study.runCounts.running ?? 0 };
}
