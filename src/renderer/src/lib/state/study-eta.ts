import type { RunDto, StudyDetailDto } from '../../../../shared/contract';
import { TERMINAL_RUN_STATUSES } from '../../../../shared/domain/run';

/** hparams.ts: epochs default to 20 when a spec does not set them. */
const DEFAULT_EPOCHS = 20;

/** The epochs a run was configured for (early stopping may end it sooner). */
export function plannedEpochs(run: RunDto): number {
  const e = run.params['epochs'];
  return typeof e === 'number' && e > 0 ? e : DEFAULT_EPOCHS;
}

function secondsBetween(from: string | null, to: string | null, now: number): number | null {
  if (from === null) return null;
  const start = Date.parse(from);
  const end = to === null ? now : Date.parse(to);
  return Number.isFinite(start) && Number.isFinite(end) ? Math.max(0, (end - start) / 1000) : null;
}

/**
 * Seconds until a running study finishes, or null when there is nothing to go on yet. Work left is
 * counted in trials (a running trial half way through counts a half), paced by the mean duration of
 * finished trials (or of the running ones, extrapolated from their epochs) and divided among the trials
 * that run at once. A time budget caps it.
 */
export function studyEtaSec(study: StudyDetailDto, runs: readonly RunDto[], now: number): number | null {
  if (study.status !== 'running') return null;
  const finished = runs.filter((r) => (r.status === 'completed' || r.status === 'pruned') && r.startedAt && r.endedAt);
  const running = runs.filter((r) => r.status === 'running');
  const progress = running.map((r) => Math.min(1, r.epochsDone / plannedEpochs(r)));
  let perTrial: number | null = null;
  if (finished.length > 0) perTrial = finished.reduce((s, r) => s + (secondsBetween(r.startedAt, r.endedAt, now) ?? 0), 0) / finished.length;
  else {
    const rates = running
      .map((r, i) => ({ elapsed: secondsBetween(r.startedAt, null, now), p: progress[i]! }))
      .filter((x): x is { elapsed: number; p: number } => x.elapsed !== null && x.p > 0)
      .map((x) => x.elapsed / x.p);
    if (rates.length > 0) perTrial = rates.reduce((a, b) => a + b, 0) / rates.length;
  }
  const timeLeft = study.spec.budget.maxTimeSec !== undefined ? timeBudgetLeft(study.spec.budget.maxTimeSec, runs, now) : null;
  const maxTrials = study.spec.budget.maxTrials;
  if (maxTrials === undefined || perTrial === null) return timeLeft;
  const done = runs.filter((r) => TERMINAL_RUN_STATUSES.includes(r.status)).length;
  const work = Math.max(0, Math.max(maxTrials, runs.length) - done - progress.reduce((a, b) => a + b, 0));
  const slots = Math.max(1, study.spec.concurrency ?? running.length);
  const eta = (work * perTrial) / Math.min(slots, Math.max(1, Math.ceil(work)));
  return timeLeft === null ? eta : Math.min(eta, timeLeft);
}

function timeBudgetLeft(maxTimeSec: number, runs: readonly RunDto[], now: number): number {
  const starts = runs.map((r) => (r.startedAt ? Date.parse(r.startedAt) : NaN)).filter(Number.isFinite);
  if (starts.length === 0) return maxTimeSec;
  return Math.max(0, maxTimeSec - (now - Math.min(...starts)) / 1000);
}

/** "about 40 s left", "about 3 min left", "about 1 h 20 min left". */
export function formatEta(sec: number): string {
  if (sec < 60) return `about ${Math.max(5, Math.round(sec / 5) * 5)} s left`;
  const min = Math.round(sec / 60);
  if (min < 60) return `about ${min} min left`;
  return `about ${Math.floor(min / 60)} h ${min % 60} min left`;
}
