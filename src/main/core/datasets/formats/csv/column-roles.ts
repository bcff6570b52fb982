import type { ImportOptions } from '../../import/types';
import type { ColumnBuilder } from './column-builder';
import { csvError } from './csv-error';
import { dateOrderOf, dayOfWeek, dayOfYear, parseDate, parseTimeOfDay, type DateValue } from './dates';

/**
 * What becomes of a feature column besides plain encoding. Columns that carry no signal as encoded
 * are not kept silently: a value unique to every row (an ID, free text) would become an ordinal
 * category with as many levels as rows, and a date would become one category per day. Each decision
 * is reported, and `keepColumns` (or an explicit `encoding`) keeps a column as it is.
 */
export type ColumnRole =
  | { kind: 'keep' }
  | { kind: 'drop'; reason: string }
  | {
      kind: 'date';
      /** Feature values per category code: [year, month, day of week, day of year] (+ hour), or [hour] for times of day. */
      valuesByCode: Float64Array[];
      parts: string[];
      note: string;
    };

/** Below this many values, every one being distinct is no sign of an ID. */
const MIN_ROWS_FOR_UNIQUE = 20;

const DATE_PARTS = ['year', 'month', 'day_of_week', 'day_of_year'];

function dateRole(column: ColumnBuilder, dates: 'expand' | 'drop'): ColumnRole | null {
  const { categories } = column;
  if (categories.length === 0) return null;
  const times = categories.map(parseTimeOfDay);
  if (times.every((t) => t !== null)) {
    if (dates === 'drop') return { kind: 'drop', reason: 'times of day, dropped as the dates option asks' };
    return { kind: 'date', parts: ['hour'], valuesByCode: times.map((t) => Float64Array.of(t!)), note: 'times of day: read as the hour (10:30 → 10.5)' };
  }
  const found = dateOrderOf(categories);
  if (!found) return null;
  if (dates === 'drop') return { kind: 'drop', reason: 'dates, dropped as the dates option asks' };
  const parsed = categories.map((c) => parseDate(c, found.order)!);
  const withTime = parsed.some((d) => d.hour !== null);
  const values = (d: DateValue) => [d.year, d.month, dayOfWeek(d), dayOfYear(d), ...(withTime ? [d.hour ?? 0] : [])];
  const parts = [...DATE_PARTS, ...(withTime ? ['hour'] : [])];
  const order = found.order === 'ymd' ? '' : `; read as ${found.order === 'mdy' ? 'month/day/year' : 'day/month/year'}${found.ambiguous ? ' (no value tells, set it right in the file if not)' : ''}`;
  return {
    kind: 'date',
    parts,
    valuesByCode: parsed.map((d) => Float64Array.from(values(d))),
    note: `dates${withTime ? ' and times' : ''}: expanded to ${parts.join(', ')}${order}`,
  };
}

/** Numbers that count the rows (v, v+1, v+2, … in file order): a row index, not a measurement. */
function isRowIndex(column: ColumnBuilder): boolean {
  if (column.kind !== 'numeric' || column.missing > 0 || column.length < MIN_ROWS_FOR_UNIQUE) return false;
  let previous = NaN;
  let counts = true;
  column.numbers!.forEach((value, i) => {
    if (i > 0 && value !== previous + 1) counts = false;
    previous = value;
  });
  return counts && Number.isInteger(previous);
}

function roleOf(column: ColumnBuilder, dates: 'expand' | 'drop'): ColumnRole {
  if (isRowIndex(column)) return { kind: 'drop', reason: 'it counts the rows (an index), which says nothing about them' };
  if (column.kind !== 'categorical') return { kind: 'keep' };
  const date = dateRole(column, dates);
  if (date) return date;
  const present = column.length - column.missing;
  if (present >= MIN_ROWS_FOR_UNIQUE && column.categories.length === present) {
    return { kind: 'drop', reason: `every row has its own value (${present} distinct: an ID or free text), which a model cannot learn from` };
  }
  return { kind: 'keep' };
}

/** One role per feature column; `keepColumns` and `encoding` overrides keep a column as it is. */
export function columnRoles(file: string, features: ColumnBuilder[], names: string[], opts: ImportOptions): ColumnRole[] {
  for (const name of opts.keepColumns ?? []) {
    if (!names.includes(name)) throw csvError(file, `keepColumns names '${name}', which is not a column; the columns are: ${names.join(', ')}`);
  }
  const keep = new Set([...(opts.keepColumns ?? []), ...Object.keys(opts.encoding ?? {})]);
  return features.map((column) => (keep.has(column.name) ? { kind: 'keep' } : roleOf(column, opts.dates ?? 'expand')));
}
