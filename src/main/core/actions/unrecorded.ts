import type { RunStatus } from '../../../shared/domain/run';
import type { Services } from '../services';
import type { RunRow, StudyRow } from '../store/types';

/**
 * While a storage failure keeps the database from being told, the owner's scheduler knows better than
 * the rows: a stopped study is paused (with the reason), a run whose end went unrecorded no longer
 * runs. Every view of studies and runs goes through these, so clients are told the truth.
 */
function unrecorded(services: Services) {
  return services.isOwner ? services.scheduler.unrecorded() : null;
}

export function overlayStudy<T extends StudyRow>(services: Services, study: T): T {
  const end = unrecorded(services)?.studies.get(study.id);
  return end ? { ...study, status: end.status, statusReason: end.reason } : study;
}

export function overlayRun<T extends RunRow>(services: Services, run: T): T {
  return unrecorded(services)?.runs.has(run.id) ? { ...run, status: 'interrupted', pid: null } : run;
}

/** Run counts by status with unrecorded ends moved from 'running' to 'interrupted'. */
export function overlayCounts(services: Services, studyId: number, counts: Record<RunStatus, number>, runsOfStudy: () => RunRow[]): Record<RunStatus, number> {
  const runs = unrecorded(services)?.runs;
  if (!runs || runs.size === 0) return counts;
  const moved = runsOfStudy().filter((r) => r.studyId === studyId && runs.has(r.id) && r.status === 'running').length;
  return moved === 0 ? counts : { ...counts, running: counts.running - moved, interrupted: counts.interrupted + moved };
}
