import type { Domain, ParamSet, ParamValue, SearchSpace } from '../../../shared/domain/space';

/** Space keys in the one order every algorithm walks them, so suggestions do not depend on YAML key order. */
export const sortedKeys = (space: SearchSpace): string[] => Object.keys(space).sort();

/** low, low+step, … ≤ high. */
export function intLattice(low: number, high: number, step: number): number[] {
  const out: number[] = [];
  for (let v = low; v <= high; v += step) out.push(v);
  return out;
}

/** Grid values are shown in run tables: 0.1, not 0.09999999999999999. */
const tidy = (v: number): number => Number(v.toPrecision(12));

export function linspace(low: number, high: number, n: number): number[] {
  if (n === 1) return [low];
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? high : tidy(low + ((high - low) * i) / (n - 1))));
}

/** Geometric spacing: evenly spaced on a log scale, with both ends exact. */
export function geomspace(low: number, high: number, n: number): number[] {
  if (n === 1) return [low];
  const a = Math.log(low);
  const b = Math.log(high);
  return Array.from({ length: n }, (_, i) => (i === 0 ? low : i === n - 1 ? high : tidy(Math.exp(a + ((b - a) * i) / (n - 1)))));
}

/**
 * The values grid search enumerates for one domain, or null for a continuous range without `grid`
 * or `gridPoints` (the validator rejects such a range in a grid study).
 */
export function gridValues(domain: Domain): ParamValue[] | null {
  switch (domain.type) {
    case 'fixed':
      return [domain.value];
    case 'choice':
      return domain.values;
    case 'int':
      return domain.grid ?? intLattice(domain.low, domain.high, domain.step);
    case 'float':
      return domain.grid ?? (domain.gridPoints ? linspace(domain.low, domain.high, domain.gridPoints) : null);
    case 'log-float':
      return domain.grid ?? (domain.gridPoints ? geomspace(domain.low, domain.high, domain.gridPoints) : null);
  }
}

/** Number of distinct values random search can draw from a domain; null when continuous. */
export function discreteCount(domain: Domain): number | null {
  switch (domain.type) {
    case 'fixed':
      return 1;
    case 'choice':
      return new Set(domain.values.map(valueKey)).size;
    case 'int':
      return domain.high < domain.low ? 0 : Math.floor((domain.high - domain.low) / domain.step) + 1;
    default:
      return null;
  }
}

/**
 * Stable identity of a value across a trip through SQLite: floats are compared at 12 significant
 * digits, and booleans match the text a run_param row would hold.
 */
export function valueKey(v: ParamValue): string {
  if (typeof v === 'number') return `n:${Number(v.toPrecision(12))}`;
  return `s:${String(v)}`;
}

/** Identity of a point restricted to the space's own keys (runs may carry extra, fixed params). */
export function pointKey(keys: readonly string[], params: ParamSet): string {
  return keys.map((k) => (params[k] === undefined ? '∅' : valueKey(params[k] as ParamValue))).join('|');
}
