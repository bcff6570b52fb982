import type { MetricPointDto, RunDto } from '../../../../shared/contract';
import { bestOfRuns } from '../../../../shared/analysis/seed-groups';
import type { ObjectiveDirection } from '../../../../shared/domain/run';

export interface EpochUpdate {
  runId: number;
  epoch: number;
  metrics: Record<string, number | null>;
}

/**
 * A row as it stands after an epoch event, without asking main: the summary columns move with the
 * curve (main computes the same from the stored points; the next run-updated fetch confirms it).
 */
export function applyEpoch(run: RunDto, update: EpochUpdate, objective: { metric: string; direction: ObjectiveDirection }): RunDto {
  const value = update.metrics[objective.metric];
  const next: RunDto = { ...run, epochsDone: Math.max(run.epochsDone, update.epoch) };
  if (value === undefined) return next;
  if (update.epoch >= run.epochsDone) next.finalObjective = value;
  if (value !== null) {
    const better = run.bestObjective === null || (objective.direction === 'minimize' ? value < run.bestObjective : value > run.bestObjective);
    if (better) {
      next.bestObjective = value;
      next.bestEpoch = update.epoch;
    }
  }
  return next;
}

/** Appends an epoch's points to a cached curve (replacing a rewritten epoch after a resume). */
export function appendEpochPoints(points: readonly MetricPointDto[], update: EpochUpdate, wallTime: number): MetricPointDto[] {
  const kept = points.filter((p) => !(p.step >= update.epoch && p.name in update.metrics));
  for (const [name, value] of Object.entries(update.metrics)) kept.push({ name, step: update.epoch, value, wallTime });
  return kept.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.step - b.step));
}

function bestAmong(runs: readonly RunDto[], direction: ObjectiveDirection, accept: (run: RunDto) => boolean): RunDto | null {
  let best: RunDto | null = null;
  for (const run of runs) {
    if (!accept(run)) continue;
    const v = run.bestObjective;
    if (v === null || Number.isNaN(v)) continue;
    if (best === null || best.bestObjective === null) {
      best = run;
      continue;
    }
    const better = direction === 'minimize' ? v < best.bestObjective : v > best.bestObjective;
    if (better || (v === best.bestObjective && run.trialNumber < best.trialNumber)) best = run;
  }
  return best;
}

/**
 * The completed or pruned run whose objective is best; failed runs never win. With repeats, the best
 * seed of the configuration with the best mean (see shared/analysis/seed-groups.ts); ties go to the
 * better final value, then fewer epochs, then the earlier trial.
 */
export function bestRun(runs: readonly RunDto[], direction: ObjectiveDirection): RunDto | null {
  return bestOfRuns(runs, direction);
}

export interface BestPick {
  run: RunDto;
  /** True while no run has finished: the pick is a running run's best so far. */
  soFar: boolean;
}

/** The best finished run, or while none exists the best running one (shown as "so far"). */
export function pickBestRun(runs: readonly RunDto[], direction: ObjectiveDirection): BestPick | null {
  const settled = bestRun(runs, direction);
  if (settled) return { run: settled, soFar: false };
  const running = bestAmong(runs, direction, (r) => r.status === 'running');
  return running ? { run: running, soFar: true } : null;
}

/** Curves shown when nothing is selected: the best run and the most recently started ones. */
export function defaultCurveRunIds(runs: readonly RunDto[], best: RunDto | null, recent = 5): number[] {
  const started = runs.filter((r) => r.epochsDone > 0 && r.id !== best?.id);
  started.sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? '') || b.id - a.id);
  return [...(best ? [best.id] : []), ...started.slice(0, recent).map((r) => r.id)];
}

/** Metric names in a stable, readable order: training metric next to its validation twin. */
export function orderMetricNames(names: Iterable<string>): string[] {
  const base = (n: string) => n.replace(/^(val_|test_)/, '');
  return [...new Set(names)].sort((a, b) => base(a).localeCompare(base(b)) || a.length - b.length || a.localeCompare(b));
}
