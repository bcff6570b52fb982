import type { RunDto } from '../../../../shared/contract';
import type { CellValue, RowContext, RunColumn } from './study-view-columns';

export interface SortKey {
  key: string;
  dir: 'asc' | 'desc';
}
/** Primary key first; shift-click on a header adds the next one (as in a spreadsheet). */
export type SortState = SortKey[];

/** More keys than this never change the order of real studies and make the headers hard to read. */
export const MAX_SORT_KEYS = 3;

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
 * Sorted copy by several columns. Keys are read once per row (a column's accessor may do work:
 * durations, metric lookups), missing values go last in both directions (a sort by objective should show
 * the best, not the queued), and full ties keep input order, so a re-sort on live updates does not
 * shuffle equal rows.
 */
export function sortRunsBy(runs: readonly RunDto[], by: readonly { column: RunColumn; dir: SortKey['dir'] }[], ctx: RowContext): RunDto[] {
  if (by.length === 0) return runs.slice();
  const n = runs.length;
  const keys = by.map(({ column }) => {
    const values: CellValue[] = new Array(n);
    for (let i = 0; i < n; i++) values[i] = column.value(runs[i]!, ctx);
    return values;
  });
  const signs = by.map(({ dir }) => (dir === 'asc' ? 1 : -1));
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((i, j) => {
    for (let k = 0; k < keys.length; k++) {
      const a = keys[k]![i]!;
      const b = keys[k]![j]!;
      const am = isMissing(a);
      const bm = isMissing(b);
      if (am || bm) {
        if (am === bm) continue;
        return am ? 1 : -1;
      }
      const c = signs[k]! * compareValues(a, b);
      if (c !== 0) return c;
    }
    return i - j;
  });
  const out: RunDto[] = new Array(n);
  for (let k = 0; k < n; k++) out[k] = runs[order[k]!]!;
  return out;
}

/** One column (or none: input order). */
export function sortRuns(runs: readonly RunDto[], column: RunColumn | undefined, dir: SortKey['dir'], ctx: RowContext): RunDto[] {
  return sortRunsBy(runs, column ? [{ column, dir }] : [], ctx);
}

/**
 * Header click: a new column sorts alone, ascending (objective by the study's better end); the primary
 * one flips. With `add` (shift-click) the column joins as the next key, or flips where it already is.
 */
export function nextSort(current: SortState, key: string, preferredDir: SortKey['dir'] = 'asc', add = false): SortState {
  const flip = (s: SortKey): SortKey => ({ key: s.key, dir: s.dir === 'asc' ? 'desc' : 'asc' });
  if (add) {
    if (current.some((s) => s.key === key)) return current.map((s) => (s.key === key ? flip(s) : s));
    // Full: the new key replaces the last one, never the primary the user set first.
    return [...current.slice(0, MAX_SORT_KEYS - 1), { key, dir: preferredDir }];
  }
  const primary = current[0];
  if (primary?.key === key) return [flip(primary)];
  return [{ key, dir: preferredDir }];
}
