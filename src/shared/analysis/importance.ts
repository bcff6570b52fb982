import type { SearchSpace } from '../domain/space';
import { normalMass } from '../math/normal';
import { activeValue, axisFor, scored, unitPosition, type AnalysisContext, type AnalysisTrial, type Axis } from './trials';

export interface ParamImportance {
  name: string;
  /** Share of the total, 0..1; the list sums to 1. */
  importance: number;
  /** Completed trials where the parameter took effect. */
  trials: number;
}

export interface ImportanceOptions {
  /** The top share of trials whose parameter distribution is compared with all trials' (PED-ANOVA's γ'). */
  baselineQuantile: number;
  /** Grid points a numeric range is discretized into. */
  steps: number;
  /** Weight of the uniform prior against one trial. */
  priorWeight: number;
}

const DEFAULTS: ImportanceOptions = { baselineQuantile: 0.1, steps: 50, priorWeight: 1 };
/** Fewer top trials than this cannot show anything: importances are then equal. */
const MIN_TOP = 2;

/** Grid cells of an axis: categories, int values (at most `steps`), or `steps` points. */
function cellsOf(axis: Axis, steps: number, intStep: number | null): number {
  if (axis.scale === 'categorical') return axis.categories.length;
  if (intStep !== null) {
    const values = Math.floor((axis.high - axis.low) / intStep) + 1;
    // Log ints: about one cell per doubling, as Optuna's PED-ANOVA.
    return axis.scale === 'log' ? Math.min(Math.ceil(Math.log2(axis.high - axis.low + 1)) + 1, steps) : Math.min(values, steps);
  }
  return steps;
}

/**
 * A smoothed distribution over the cells: categories get Dirichlet smoothing (the prior worth
 * priorWeight trials); numeric cells a discrete Gaussian kernel per cell with Scott's bandwidth
 * (in cells, at least 0.5/1.64 so a kernel's 90% fits its cell) plus one wide prior kernel.
 */
function cellDistribution(counts: Float64Array, categorical: boolean, priorWeight: number): Float64Array {
  const g = counts.length;
  let n = 0;
  for (const c of counts) n += c;
  const p = new Float64Array(g);
  if (categorical) {
    for (let i = 0; i < g; i++) p[i] = (counts[i]! + priorWeight / g) / (n + priorWeight);
    return p;
  }
  let mean = 0;
  for (let i = 0; i < g; i++) mean += (i * counts[i]!) / n;
  let sq = 0;
  for (let i = 0; i < g; i++) sq += counts[i]! * (i - mean) ** 2;
  const sd = Math.sqrt(sq / Math.max(1, n - 1));
  const quantile = (q: number): number => {
    let acc = 0;
    for (let i = 0; i < g; i++) if ((acc += counts[i]!) >= q * n) return i;
    return g - 1;
  };
  const iqr = quantile(0.75) - quantile(0.25);
  const sigma = Math.max(0.5 / 1.64, 1.059 * Math.min(iqr / 1.34, sd) * n ** -0.2);
  const addKernel = (mu: number, s: number, w: number) => {
    const inside = normalMass((-0.5 - mu) / s, (g - 0.5 - mu) / s);
    for (let i = 0; i < g; i++) p[i]! += (w * normalMass((i - 0.5 - mu) / s, (i + 0.5 - mu) / s)) / inside;
  };
  for (let i = 0; i < g; i++) if (counts[i]! > 0) addKernel(i, sigma, counts[i]!);
  addKernel((g - 1) / 2, g, priorWeight);
  const total = n + priorWeight;
  for (let i = 0; i < g; i++) p[i]! /= total;
  return p;
}

/** Pearson divergence Σ p_all·(p_top/p_all − 1)² between the two cell distributions. */
function pearson(top: Float64Array, all: Float64Array): number {
  let d = 0;
  for (let i = 0; i < all.length; i++) {
    const a = all[i]! + 1e-12;
    d += a * ((top[i]! + 1e-12) / a - 1) ** 2;
  }
  return d;
}

/**
 * Hyperparameter importance by PED-ANOVA (Watanabe et al., IJCAI 2023), as optuna-dashboard shows it:
 * how differently each parameter is distributed among the best `baselineQuantile` of the completed
 * trials than among all of them (Pearson divergence of Parzen estimates on a grid, log ranges on
 * their log scale, categories as they are). A conditional parameter is judged on the trials where it
 * took effect, weighted by the share of top trials where it did. Fast enough to recompute on every
 * finished trial (linear in trials × parameters).
 */
export function paramImportance(space: SearchSpace, trials: readonly AnalysisTrial[], ctx: AnalysisContext, options: Partial<ImportanceOptions> = {}): ParamImportance[] {
  const o = { ...DEFAULTS, ...options };
  const axes = Object.keys(space)
    .sort()
    .map((name) => ({ name, axis: axisFor(name, space[name]!), domain: space[name]! }))
    .filter((a): a is typeof a & { axis: Axis } => a.axis !== null);
  if (axes.length === 0) return [];
  const done = scored(trials);
  const sign = ctx.direction === 'minimize' ? 1 : -1;
  const losses = done.map((t) => sign * t.objective!).sort((a, b) => a - b);
  const cutoff = losses.length > MIN_TOP ? Math.max(losses[MIN_TOP - 1]!, losses[Math.max(0, Math.ceil(o.baselineQuantile * losses.length) - 1)]!) : Infinity;
  const isTop = (t: AnalysisTrial) => sign * t.objective! <= cutoff;
  const nTop = done.filter(isTop).length;

  const raw = axes.map(({ name, axis, domain }) => {
    const intStep = domain.type === 'int' ? domain.step : null;
    const g = cellsOf(axis, o.steps, intStep);
    const all = new Float64Array(g);
    const top = new Float64Array(g);
    let active = 0;
    let activeTop = 0;
    for (const t of done) {
      const v = activeValue(t, name, ctx);
      const u = v === undefined ? null : unitPosition(axis, v);
      if (u === null) continue;
      const cell = Math.round(u * (g - 1));
      all[cell]!++;
      active++;
      if (isTop(t)) {
        top[cell]!++;
        activeTop++;
      }
    }
    if (activeTop === 0 || losses.length <= MIN_TOP) return { name, trials: active, divergence: 0 };
    const categorical = axis.scale === 'categorical';
    const divergence = pearson(cellDistribution(top, categorical, o.priorWeight), cellDistribution(all, categorical, o.priorWeight)) * (activeTop / nTop);
    return { name, trials: active, divergence };
  });
  const total = raw.reduce((s, r) => s + r.divergence, 0);
  return raw
    .map((r) => ({ name: r.name, trials: r.trials, importance: total > 0 ? r.divergence / total : 1 / raw.length }))
    .sort((a, b) => b.importance - a.importance || a.name.localeCompare(b.name));
}
