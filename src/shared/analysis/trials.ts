import { isHparamActive } from '../domain/conditional-hparams';
import type { ModelTemplate } from '../domain/hparams';
import type { ObjectiveDirection, RunStatus } from '../domain/run';
import type { Domain, ParamSet, ParamValue } from '../domain/space';

/**
 * What the analysis functions (importance, history, slice, contour) read of a run: the same for the
 * study page (renderer), `hparam-studio show` and tests. Pure data, no store types.
 */
export interface AnalysisTrial {
  /** Trial number in the study (1-based). */
  number: number;
  params: ParamSet;
  status: RunStatus;
  /** The study objective (best epoch); null when there is none. */
  objective: number | null;
  /** ms since the epoch; optional, for the history over wall time. */
  startedAt?: number | null;
  finishedAt?: number | null;
}

export interface AnalysisContext {
  direction: ObjectiveDirection;
  /** With a template, a stored value of a parameter that did not apply (momentum under adam) is ignored. */
  template?: ModelTemplate;
}

/** Completed trials with a finite objective: what importance, slices and contours are made of. */
export const scored = (trials: readonly AnalysisTrial[]): AnalysisTrial[] =>
  trials.filter((t) => t.status === 'completed' && t.objective !== null && Number.isFinite(t.objective));

/** The trial's value of `name` if it took effect there, else undefined. */
export function activeValue(t: AnalysisTrial, name: string, ctx: AnalysisContext): ParamValue | undefined {
  const v = t.params[name];
  if (v === undefined) return undefined;
  if (ctx.template && !isHparamActive(ctx.template, name, t.params)) return undefined;
  return v;
}

/** How a parameter is laid out on an axis. */
export type Axis =
  | { name: string; scale: 'linear' | 'log'; low: number; high: number }
  | { name: string; scale: 'categorical'; categories: ParamValue[] };

/** The axis of a searched domain; null for a fixed one (nothing to plot or rank). */
export function axisFor(name: string, domain: Domain): Axis | null {
  switch (domain.type) {
    case 'fixed':
      return null;
    case 'choice': {
      const seen = new Set<string>();
      const categories = domain.values.filter((v) => (seen.has(String(v)) ? false : (seen.add(String(v)), true)));
      return categories.length > 1 ? { name, scale: 'categorical', categories } : null;
    }
    case 'int':
      return { name, scale: domain.log ? 'log' : 'linear', low: domain.low, high: domain.high };
    case 'float':
      return { name, scale: 'linear', low: domain.low, high: domain.high };
    case 'log-float':
      return { name, scale: 'log', low: domain.low, high: domain.high };
  }
}

/**
 * Position of a value on its axis in [0, 1] (log axes on the log scale; category i of n at i/(n−1)),
 * or null when it is not on the axis (a value from a different space). Categories compare as text, so
 * a boolean stored as "true" matches true.
 */
export function unitPosition(axis: Axis, v: ParamValue): number | null {
  if (axis.scale === 'categorical') {
    const i = axis.categories.findIndex((c) => String(c) === String(v));
    return i < 0 ? null : axis.categories.length === 1 ? 0.5 : i / (axis.categories.length - 1);
  }
  if (typeof v !== 'number' || v < axis.low || v > axis.high) return null;
  if (axis.high === axis.low) return 0.5;
  return axis.scale === 'log' ? Math.log(v / axis.low) / Math.log(axis.high / axis.low) : (v - axis.low) / (axis.high - axis.low);
}

/** The value at a unit position of a numeric axis (inverse of unitPosition). */
export function valueAt(axis: Extract<Axis, { scale: 'linear' | 'log' }>, u: number): number {
  return axis.scale === 'log' ? axis.low * (axis.high / axis.low) ** u : axis.low + u * (axis.high - axis.low);
}
