import fs from 'node:fs';
import path from 'node:path';
import { RUN_STATUSES, type RunStatus } from '../../../shared/domain/run';
import { AppError } from '../../../shared/result';
import type { Services } from '../services';
import type { StudyRow, StudySummary } from '../store/types';
import { overlayCounts, overlayStudy } from './unrecorded';

/**
 * What a user can do to a study, for every consumer alike (the API handlers of the desktop app and
 * serve mode, the CLI in process or over an owner's API): each intent is stored first, then carried out.
 */

export function requireStudy(services: Services, id: number | string, field = 'id'): StudyRow {
  const study = services.store.getStudy(id);
  if (!study) throw new AppError('not_found', `${field}: no study ${JSON.stringify(id)}`);
  return overlayStudy(services, study);
}

/** Every study with its run counts, newest first, as the owner knows them. */
export function listStudies(services: Services): StudySummary[] {
  return services.store.listStudies().map((s) => {
    const study = overlayStudy(services, s);
    return { ...study, runCounts: overlayCounts(services, s.id, s.runCounts, () => services.store.listRuns(s.id, { status: ['running'] })) };
  });
}

/** A study with its run counts by status (every status present). */
export function studyDetail(services: Services, id: number | string): StudyRow & { runCounts: Record<RunStatus, number> } {
  const study = requireStudy(services, id);
  const counts = services.store.countRunsByStatus(study.id);
  const runCounts = Object.fromEntries(RUN_STATUSES.map((s) => [s, counts[s] ?? 0])) as Record<RunStatus, number>;
  return { ...study, runCounts: overlayCounts(services, study.id, runCounts, () => services.store.listRuns(study.id, { status: ['running'] })) };
}

/**
 * Starts or resumes the study's scheduling in the background: the call answers once the intent is
 * stored, and progress arrives as events. The scheduler's promise settles long after the request.
 */
export function startStudy(services: Services, id: number): StudyRow & { runCounts: Record<RunStatus, number> } {
  services.scheduler.startStudy(id).catch((err: unknown) => {
    console.error(`[studies] study ${id} stopped with an error:`, err);
  });
  return studyDetail(services, id);
}

/** Pause, stored: nothing new launches, running trials finish their epoch, checkpoint and stop. */
export function pauseStudy(services: Services, id: number | string): StudyRow & { runCounts: Record<RunStatus, number> } {
  const study = requireStudy(services, id);
  if (study.status === 'paused') return studyDetail(services, study.id);
  if (study.status !== 'running') throw new AppError('conflict', `study ${study.name} is ${study.status}, not running; only a running study can be paused`);
  void services.scheduler.pauseStudy(study.id);
  return studyDetail(services, study.id);
}

/** Resume, stored: a created, paused or interrupted study runs; a pause still pending is withdrawn. */
export function resumeStudy(services: Services, id: number | string): StudyRow & { runCounts: Record<RunStatus, number> } {
  const study = requireStudy(services, id);
  if (study.status === 'completed' && !services.store.hasRunsWithStatus(study.id, ['queued', 'paused', 'interrupted'])) {
    throw new AppError('conflict', `study ${study.name} is completed; clone a run to train more`);
  }
  return startStudy(services, study.id);
}

/** Stops its trials first when it runs, then removes its rows and its run folders. */
export async function deleteStudy(services: Services, id: number | string): Promise<{ id: number }> {
  const study = requireStudy(services, id);
  const { store, paths } = services;
  if (services.isOwner && services.scheduler.activeStudyIds().includes(study.id)) {
    // Paused so nothing new starts, and cancelled so the delete need not wait for an epoch to end.
    const stopped = services.scheduler.pauseStudy(study.id);
    for (const run of store.listRuns(study.id, { status: ['running'] })) services.scheduler.cancelRun(run.id);
    await stopped;
  }
  const runIds = store.listRuns(study.id).map((r) => r.id);
  store.deleteStudy(study.id);
  // Rows first: a folder that fails to go away wastes disk, a row without its folder would be a broken run.
  for (const runId of runIds) {
    try {
      fs.rmSync(path.join(paths.runsDir, String(runId)), { recursive: true, force: true });
    } catch (err) {
      console.warn(`[studies] study ${study.id} deleted, but run folder ${runId} stays: ${(err as Error).message}`);
    }
  }
  services.emitEvent({ type: 'study-updated', studyId: study.id });
  return { id: study.id };
}
