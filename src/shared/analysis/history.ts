import type { RunStatus } from '../domain/run';
import type { AnalysisTrial, AnalysisContext } from './trials';

export interface HistoryPoint {
  number: number;
  status: RunStatus;
  /** The trial's objective (null when it has none: failed, running). */
  value: number | null;
  /** Best objective of the completed trials so far, in the order of the series (null before the first). */
  best: number | null;
  /** Seconds from the study's first trial start to this trial's end (the wall-time series only). */
  elapsedSec?: number;
}

export interface OptimizationHistory {
  /** By trial number: optuna-dashboard's "History" plot. */
  byTrial: HistoryPoint[];
  /** Finished trials by the time they finished: the best over wall time, the curve a time budget is judged by. */
  byTime: HistoryPoint[];
}

/**
 * Objective and best-so-far per trial, over trial number and over wall time. Pruned trials carry
 * their objective so the plot can draw them (as pruned) but never set the best: only completed
 * trials do, as in Optuna.
 */
export function optimizationHistory(trials: readonly AnalysisTrial[], ctx: AnalysisContext): OptimizationHistory {
  const better = (a: number, b: number | null) => b === null || (ctx.direction === 'minimize' ? a < b : a > b);
  const series = (ordered: readonly AnalysisTrial[], elapsed?: (t: AnalysisTrial) => number): HistoryPoint[] => {
    let best: number | null = null;
    return ordered.map((t) => {
      const value = t.objective !== null && Number.isFinite(t.objective) ? t.objective : null;
      if (t.status === 'completed' && value !== null && better(value, best)) best = value;
      return { number: t.number, status: t.status, value, best, ...(elapsed ? { elapsedSec: elapsed(t) } : {}) };
    });
  };
  const byTrial = series([...trials].sort((a, b) => a.number - b.number));
  const starts = trials.map((t) => t.startedAt).filter((s): s is number => typeof s === 'number');
  const origin = starts.length ? Math.min(...starts) : 0;
  const finished = trials.filter((t): t is AnalysisTrial & { finishedAt: number } => typeof t.finishedAt === 'number').sort((a, b) => a.finishedAt - b.finishedAt || a.number - b.number);
  const byTime = series(finished, (t) => (t.finishedAt! - origin) / 1000);
  return { byTrial, byTime };
}
