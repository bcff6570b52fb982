import type { SearchSpace } from '../domain/space';
import { activeValue, axisFor, scored, unitPosition, valueAt, type AnalysisContext, type AnalysisTrial, type Axis } from './trials';

export interface Contour {
  x: Axis;
  y: Axis;
  /** Grid coordinates: values on numeric axes (geometric on log axes), category positions 0..n−1 on categorical ones. */
  xs: number[];
  ys: number[];
  /** z[j][i]: estimated objective at (xs[i], ys[j]); null where no trial is near enough to say. */
  z: (number | null)[][];
  /** The trials used, at their own coordinates (category index on categorical axes). */
  points: { number: number; x: number; y: number; objective: number }[];
}

export interface ContourOptions {
  /** Grid points per numeric axis. */
  resolution: number;
}

/** Gaussian-kernel weight below which a cell counts as having no nearby trial. */
const MIN_WEIGHT = 1e-3;

/**
 * The objective over two parameters (optuna-dashboard's contour plot): completed trials where both
 * took effect, smoothed onto a grid by Nadaraya–Watson kernel regression in the unit square (log axes
 * on their log scale), bandwidth by Scott's rule. Cells far from every trial are null rather than
 * extrapolated, so the plot shows where the study has not looked.
 */
export function contourData(space: SearchSpace, trials: readonly AnalysisTrial[], xName: string, yName: string, ctx: AnalysisContext, options: Partial<ContourOptions> = {}): Contour | null {
  const resolution = options.resolution ?? 30;
  const xd = space[xName];
  const yd = space[yName];
  const x = xd ? axisFor(xName, xd) : null;
  const y = yd ? axisFor(yName, yd) : null;
  if (!x || !y || xName === yName) return null;

  const samples: { u: number; v: number; objective: number; number: number }[] = [];
  for (const t of scored(trials)) {
    const xv = activeValue(t, xName, ctx);
    const yv = activeValue(t, yName, ctx);
    const u = xv === undefined ? null : unitPosition(x, xv);
    const v = yv === undefined ? null : unitPosition(y, yv);
    if (u !== null && v !== null) samples.push({ u, v, objective: t.objective!, number: t.number });
  }

  const gridOf = (axis: Axis): { coords: number[]; units: number[] } => {
    if (axis.scale === 'categorical') {
      const n = axis.categories.length;
      return { coords: axis.categories.map((_, i) => i), units: axis.categories.map((_, i) => (n === 1 ? 0.5 : i / (n - 1))) };
    }
    const units = Array.from({ length: resolution }, (_, i) => i / (resolution - 1));
    return { coords: units.map((u) => valueAt(axis, u)), units };
  };
  const gx = gridOf(x);
  const gy = gridOf(y);
  // Scott: σ·n^(−1/(d+4)) with d = 2 and σ ≈ 0.3, the spread of a uniform sample of the unit interval.
  const h = Math.max(0.02, 0.3 * Math.max(samples.length, 1) ** (-1 / 6));
  const z = gy.units.map((v) =>
    gx.units.map((u) => {
      let wsum = 0;
      let acc = 0;
      for (const s of samples) {
        const w = Math.exp(-0.5 * (((s.u - u) / h) ** 2 + ((s.v - v) / h) ** 2));
        wsum += w;
        acc += w * s.objective;
      }
      return wsum >= MIN_WEIGHT ? acc / wsum : null;
    }),
  );
  const coord = (axis: Axis, unit: number) => (axis.scale === 'categorical' ? Math.round(unit * (axis.categories.length - 1)) : valueAt(axis, unit));
  return { x, y, xs: gx.coords, ys: gy.coords, z, points: samples.map((s) => ({ number: s.number, x: coord(x, s.u), y: coord(y, s.v), objective: s.objective })) };
}
