/**
 * Y-axis helpers for metric charts. ECharts makes a degenerate axis from a flat series (one epoch, or a
 * metric that did not move) and labels it with full-precision floats (0.3535027567545573 twice); these
 * give it a readable range and labels.
 */

/** Axis labels and tooltips: 4 significant digits, exponent only for tiny or huge magnitudes. */
export function formatAxisValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs < 1e-4 || abs >= 1e7) return Number(v.toPrecision(3)).toExponential();
  return Number(v.toPrecision(4)).toString();
}

/** Metrics that live in [0, 1] (accuracy, precision, recall, f1, auc): their axis never passes 1. */
export function isUnitBoundedMetric(name: string): boolean {
  return /(^|_)(acc|accuracy|binary_accuracy|categorical_accuracy|precision|recall|f1|auc)$/i.test(name);
}

const cleanFloat = (v: number): number => Number(v.toPrecision(12));

/**
 * A padded [min, max] around a series whose spread is too small to label at 4 significant digits,
 * or null when the data already spans a readable range (ECharts' own choice is then best).
 */
export function flatRange(min: number, max: number): [number, number] | null {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return null;
  const magnitude = Math.max(Math.abs(min), Math.abs(max));
  if (max - min > magnitude * 1e-3 && max > min) return null;
  const mid = (min + max) / 2;
  // One tenth of the value's order of magnitude on each side: 0.3535 → [0.33, 0.37].
  const step = magnitude > 0 ? 10 ** (Math.floor(Math.log10(magnitude)) - 1) : 0.1;
  const lo = cleanFloat(Math.round(mid / step) * step - 2 * step);
  const hi = cleanFloat(Math.round(mid / step) * step + 2 * step);
  return [lo, hi];
}

export interface YAxisRange {
  min?: number;
  max?: number;
  interval?: number;
}

/** Tick spacing for a [0, 1] axis starting at `lo`: ticks land on `lo` and on 1, 4–6 of them. */
function unitInterval(lo: number): number {
  const span = cleanFloat(1 - lo);
  if (span <= 0.1) return 0.02;
  if (span <= 0.2) return 0.05;
  if (span <= 0.5) return 0.1;
  return 0.2;
}

/**
 * Explicit y range for values that ECharts would draw badly, else {} (its own choice is then best):
 * a flat series gets a padded range; a [0, 1] metric (accuracy, f1…) ends at 1, starts at a tenth
 * below its lowest value, with ticks on round numbers (no 0.8 / 0.81 label clash).
 */
export function yAxisRange(values: Iterable<number | null>, unitBounded: boolean): YAxisRange {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) return {};
  if (unitBounded && min >= 0 && max <= 1) {
    const lo = Math.min(0.9, Math.floor(min * 10) / 10);
    const clean = lo < 0.2 ? 0 : lo; // near zero: show the whole [0, 1]
    return { min: clean, max: 1, interval: unitInterval(clean) };
  }
  const flat = flatRange(min, max);
  if (!flat) return {};
  const [lo, hi] = flat;
  return { min: lo, max: hi, interval: cleanFloat((hi - lo) / 4) };
}
