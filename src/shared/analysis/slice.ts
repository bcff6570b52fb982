import type { ParamValue, SearchSpace } from '../domain/space';
import { activeValue, axisFor, scored, type AnalysisContext, type AnalysisTrial, type Axis } from './trials';

export interface SlicePoint {
  number: number;
  /** The parameter's value as the run stored it. */
  x: ParamValue;
  objective: number;
}

export interface Slice {
  axis: Axis;
  /** Completed trials where the parameter took effect. */
  points: SlicePoint[];
}

/**
 * Objective against each searched parameter (optuna-dashboard's slice plot), one panel per
 * parameter in name order, on the axis its domain implies (log ranges on a log axis, categories in
 * the spec's order). Trials where a conditional parameter did not apply are left out of its panel.
 */
export function sliceData(space: SearchSpace, trials: readonly AnalysisTrial[], ctx: AnalysisContext): Slice[] {
  const done = scored(trials);
  return Object.keys(space)
    .sort()
    .flatMap((name) => {
      const axis = axisFor(name, space[name]!);
      if (!axis) return [];
      const points: SlicePoint[] = [];
      for (const t of done) {
        const x = activeValue(t, name, ctx);
        if (x !== undefined) points.push({ number: t.number, x, objective: t.objective! });
      }
      return [{ axis, points }];
    });
}
