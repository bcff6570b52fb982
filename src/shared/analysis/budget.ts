import type { RunStatus } from '../domain/run';
import { TERMINAL_RUN_STATUSES } from '../domain/run';
import type { ParamSet } from '../domain/space';
import type { StudySpec } from '../domain/study-spec';

/** What budget accounting reads of a run (a RunDto has it all). Times are ISO-8601, as the store returns them. */
export interface BudgetRun {
  status: RunStatus;
  epochsDone: number;
  startedAt: string | null;
  endedAt: string | null;
  params: ParamSet;
}

export interface BudgetLine {
  used: number;
  /** The spec's limit; null when the study has none in this unit. */
  max: number | null;
}

export interface BudgetUsage {
  /** Every run the study has had (clones included), as the scheduler counts them against maxTrials. */
  trials: BudgetLine;
  /** Epochs trained over all runs: the unit of a pruned study. */
  epochs: BudgetLine;
  /** Seconds during which at least one trial ran (pauses do not count). */
  timeSec: BudgetLine;
  /** The most spent of the limits set (0..1), or null with no limit at all. */
  fraction: number | null;
}

/** hparams.ts: epochs default to 20 when a spec does not set them. */
const DEFAULT_EPOCHS = 20;

/** The epochs a run was configured for (early stopping or a pruner may end it sooner). */
export function plannedEpochs(run: Pick<BudgetRun, 'params'>): number {
  const e = run.params['epochs'];
  return typeof e === 'number' && e > 0 ? e : DEFAULT_EPOCHS;
}

const parse = (iso: string | null): number | null => {
  if (iso === null) return null;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
};

/**
 * Seconds covered by at least one run (the union of [start, end or now] over the runs): the time a
 * study has been training, not counting the hours it sat paused between two sessions.
 */
export function activeSeconds(runs: readonly BudgetRun[], now: number): number {
  const spans: [number, number][] = [];
  for (const r of runs) {
    const start = parse(r.startedAt);
    if (start === null) continue;
    const end = parse(r.endedAt) ?? (r.status === 'running' ? now : null);
    if (end !== null && end > start) spans.push([start, end]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let from = -Infinity;
  let to = -Infinity;
  for (const [s, e] of spans) {
    if (s > to) {
      if (to > from) total += to - from;
      from = s;
      to = e;
    } else if (e > to) to = e;
  }
  if (to > from) total += to - from;
  return total / 1000;
}

/** Trials, epochs and time spent against the spec's limits. */
export function budgetUsage(budget: StudySpec['budget'], runs: readonly BudgetRun[], now: number): BudgetUsage {
  const trials = { used: runs.length, max: budget.maxTrials ?? null };
  const epochs = { used: runs.reduce((s, r) => s + r.epochsDone, 0), max: budget.maxEpochs ?? null };
  const timeSec = { used: activeSeconds(runs, now), max: budget.maxTimeSec ?? null };
  const shares = [trials, epochs, timeSec].filter((l) => l.max !== null).map((l) => Math.min(1, l.used / l.max!));
  return { trials, epochs, timeSec, fraction: shares.length > 0 ? Math.max(...shares) : null };
}

const secondsBetween = (from: string | null, to: string | null, now: number): number | null => {
  const start = parse(from);
  const end = to === null ? now : parse(to);
  return start !== null && end !== null ? Math.max(0, (end - start) / 1000) : null;
};

/**
 * Seconds until a running study finishes, or null when there is nothing to go on yet: the soonest of
 * the limits it has. Trials left are paced by the mean duration of finished trials (or of the running
 * ones, extrapolated from their epochs) and shared among the trials that run at once, a running trial
 * half way through counting a half; epochs left by the study's epochs per second so far; time by
 * what is left of it.
 */
export function studyEtaSec(study: { status: string; spec: Pick<StudySpec, 'budget' | 'concurrency'> }, runs: readonly BudgetRun[], now: number): number | null {
  if (study.status !== 'running') return null;
  const { maxTrials, maxEpochs, maxTimeSec } = study.spec.budget;
  const etas: number[] = [];
  const usage = budgetUsage(study.spec.budget, runs, now);
  if (maxTimeSec !== undefined) etas.push(Math.max(0, maxTimeSec - usage.timeSec.used));
  if (maxEpochs !== undefined && usage.epochs.used > 0 && usage.timeSec.used > 0) {
    etas.push(Math.max(0, maxEpochs - usage.epochs.used) / (usage.epochs.used / usage.timeSec.used));
  }
  if (maxTrials !== undefined) {
    const eta = trialsEta(maxTrials, study.spec.concurrency, runs, now);
    if (eta !== null) etas.push(eta);
  }
  return etas.length > 0 ? Math.min(...etas) : null;
}

function trialsEta(maxTrials: number, concurrency: number | undefined, runs: readonly BudgetRun[], now: number): number | null {
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
  if (perTrial === null) return null;
  const done = runs.filter((r) => TERMINAL_RUN_STATUSES.includes(r.status)).length;
  const work = Math.max(0, Math.max(maxTrials, runs.length) - done - progress.reduce((a, b) => a + b, 0));
  const slots = Math.max(1, concurrency ?? running.length);
  return (work * perTrial) / Math.min(slots, Math.max(1, Math.ceil(work)));
}

/** "45 s", "12 min", "1 h 20 min": durations in budget lines. */
export function formatSeconds(sec: number): string {
  if (sec < 60) return `${Math.round(sec)} s`;
  const min = Math.round(sec / 60);
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h${min % 60 ? ` ${min % 60} min` : ''}`;
}

/** "12 / 20 trials · 96 epochs · 4 min of 30 min": the limits set, and what is spent of the others. */
export function formatBudget(u: BudgetUsage): string {
  const line = (l: BudgetLine, unit: string, fmt: (n: number) => string = String) => (l.max === null ? `${fmt(l.used)} ${unit}` : `${fmt(l.used)} / ${fmt(l.max)} ${unit}`);
  const time = u.timeSec.max === null ? formatSeconds(u.timeSec.used) : `${formatSeconds(u.timeSec.used)} of ${formatSeconds(u.timeSec.max)}`;
  return [line(u.trials, 'trials'), line(u.epochs, 'epochs'), time].join(' · ');
}
