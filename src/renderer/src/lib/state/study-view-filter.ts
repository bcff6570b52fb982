import type { RunDto } from '../../../../shared/contract';
import type { RunStatus } from '../../../../shared/domain/run';
import { matchesFilter, parseFilter } from './filter-expression';
import type { CellValue, RowContext, RunColumn } from './study-view-columns';

export interface NumericRange {
  min: number | null;
  max: number | null;
}

export interface RunFilters {
  /**
   * Words (a row passes when every word appears in its trial, status, backend, tags or params) and
   * column comparisons (`learning_rate > 0.01 and optimizer = adam`): see filter-expression.ts.
   */
  text: string;
  /** Empty = every status. */
  statuses: ReadonlySet<RunStatus>;
  /** Column key → inclusive bounds; a row with no value in a bounded column fails. */
  ranges: Readonly<Record<string, NumericRange>>;
}

export const NO_FILTERS: RunFilters = { text: '', statuses: new Set(), ranges: {} };

/**
 * What one axis of the parallel coordinates keeps: numeric intervals in data units, or for category
 * axes the category labels the intervals covered (echarts reports category brushes as ordinal indices).
 */
export interface AxisBrush {
  intervals: [number, number][];
  categories?: string[];
}
export type Brush = Readonly<Record<string, AxisBrush>>;

// Rows are replaced (not mutated) on update, so a WeakMap keyed by the row never serves a stale text.
const haystacks = new WeakMap<RunDto, string>();

function haystackOf(run: RunDto): string {
  let text = haystacks.get(run);
  if (text === undefined) {
    const params = Object.entries(run.params).map(([k, v]) => `${k}=${String(v)}`);
    text = [`#${run.trialNumber}`, run.status, run.backend ?? '', ...params].join(' ').toLowerCase();
    haystacks.set(run, text);
  }
  return text;
}

export function hasActiveFilters(f: RunFilters): boolean {
  return f.text.trim() !== '' || f.statuses.size > 0 || activeRanges(f.ranges).length > 0;
}

function activeRanges(ranges: RunFilters['ranges']): [string, NumericRange][] {
  return Object.entries(ranges).filter(([, r]) => r.min !== null || r.max !== null);
}

function inRange(v: CellValue, r: NumericRange): boolean {
  if (typeof v !== 'number' || Number.isNaN(v)) return false;
  return (r.min === null || v >= r.min) && (r.max === null || v <= r.max);
}

/** Rows passing text ∧ status ∧ ranges, in input order. A text that does not parse filters nothing. */
export function filterRuns(
  runs: readonly RunDto[],
  filters: RunFilters,
  columns: ReadonlyMap<string, RunColumn>,
  ctx: RowContext,
  objectiveMetric: string | null = null,
): RunDto[] {
  const parsed = parseFilter(filters.text, columns, objectiveMetric);
  const hasText = parsed.groups.length > 0;
  const hay = (run: RunDto): string => {
    const tags = ctx.tags?.get(run.id);
    return tags && tags.length > 0 ? `${haystackOf(run)} ${tags.join(' ').toLowerCase()}` : haystackOf(run);
  };
  const ranges = activeRanges(filters.ranges)
    .map(([key, range]) => ({ column: columns.get(key), range }))
    .filter((r): r is { column: RunColumn; range: NumericRange } => r.column !== undefined);
  const statuses = filters.statuses;
  if (!hasText && statuses.size === 0 && ranges.length === 0) return runs.slice();
  return runs.filter((run) => {
    if (statuses.size > 0 && !statuses.has(run.status)) return false;
    if (hasText && !matchesFilter(run, parsed, ctx, hay)) return false;
    for (const { column, range } of ranges) if (!inRange(column.value(run, ctx), range)) return false;
    return true;
  });
}

function brushKeeps(value: CellValue, brush: AxisBrush): boolean {
  if (brush.categories) return value !== null && brush.categories.includes(String(value));
  if (typeof value !== 'number') return false;
  return brush.intervals.some(([a, b]) => value >= Math.min(a, b) && value <= Math.max(a, b));
}

export function hasBrush(brush: Brush): boolean {
  return Object.values(brush).some((b) => b.intervals.length > 0);
}

/** Rows inside every brushed axis; `valueOf(axisKey, run)` reads the value the axis plots. */
export function brushRuns(runs: readonly RunDto[], brush: Brush, valueOf: (axisKey: string, run: RunDto) => CellValue): RunDto[] {
  const active = Object.entries(brush).filter(([, b]) => b.intervals.length > 0);
  if (active.length === 0) return runs.slice();
  return runs.filter((run) => active.every(([key, b]) => brushKeeps(valueOf(key, run), b)));
}
