import type { SearchSpace } from '../domain/space';
import { paramImportance, type ImportanceOptions, type ParamImportance } from './importance';
import { axisFor, scored, type AnalysisContext, type AnalysisTrial } from './trials';

/**
 * Completed trials before importances are shown. PED-ANOVA compares the best trials with all of them;
 * with fewer than about ten the "best" are two or three trials and the ranking is mostly noise (it is
 * also where TPE stops sampling at random by default).
 */
export const MIN_IMPORTANCE_TRIALS = 10;

export type ImportanceReport =
  | { status: 'ready'; items: ParamImportance[]; trials: number }
  /** Too few completed trials: `needed` more. */
  | { status: 'waiting'; needed: number; trials: number }
  /** Nothing searched: every parameter is fixed. */
  | { status: 'nothing'; trials: number };

/** Importances when there is enough to go on, or how many more completed trials it takes. */
export function importanceReport(space: SearchSpace, trials: readonly AnalysisTrial[], ctx: AnalysisContext, options: Partial<ImportanceOptions> & { minTrials?: number } = {}): ImportanceReport {
  const n = scored(trials).length;
  if (!Object.entries(space).some(([name, d]) => axisFor(name, d) !== null)) return { status: 'nothing', trials: n };
  const min = options.minTrials ?? MIN_IMPORTANCE_TRIALS;
  if (n < min) return { status: 'waiting', needed: min - n, trials: n };
  return { status: 'ready', items: paramImportance(space, trials, ctx, options), trials: n };
}
