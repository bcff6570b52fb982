import type { RunDto } from '../../../../shared/contract';
import type { CellValue, RowContext, RunColumn } from './study-view-columns';

export interface SortState {
  key: string;
  dir: 'asc' | 'desc';
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Numbers before text; within a kind, the natural order (`unit_2` before `unit_10`). */
function compareValues(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return collator.compare(a, b);
}

const isMissing = (v: CellValue): v is null => v === null || (typeof v === 'number' && Number.isNaN(v));

/**
 * Sorted copy. Keys are read once per row (a column's accessor may do work: durations, metric lookups),
 * missing values go last in both directions (a sort by objective should show the best, not the queued),
 * and ties keep input order, so a re-sort on live updates does not shuffle equal rows.
 */
export function sortRuns(runs: readonly RunDto[], column: RunColumn | undefined, dir: SortState['dir'], ctx: RowContext): RunDto[] {
  if (!column) return runs.slice();
  const n = runs.length;
  const keys: CellValue[] = new Array(n);
  for (let i = 0; i < n; i++) keys[i] = column.value(runs[i]!, ctx);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const sign = dir === 'asc' ? 1 : -1;
  order.sort((i, j) => {
    const a = keys[i]!;
    const b = keys[j]!;
    const am = isMissing(a);
    const bm = isMissing(b);
    if (am || bm) return am === bm ? i - j : am ? 1 : -1;
    return sign * compareValues(a, b) || i - j;
  });
  const out: RunDto[] = new Array(n);
  for (let k = 0; k < n; k++) out[k] = runs[order[k]!]!;
  return out;
}

/** Header click: a new column sorts ascending (objective by the study's better end); the same one flips. */
export function nextSort(current: SortState, key: string, preferredDir: SortState['dir'] = 'asc'): SortState {
  if (current.key !== key) return { key, dir: preferredDir };
  return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
}
