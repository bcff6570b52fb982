/**
 * Date and time cells, read as the wall-clock time they spell (a zone suffix is accepted and left
 * aside: "the hour of day" means the hour written). A column of them carries signal a model can use
 * only once split into numbers: year, month, day of week, day of year (and hour when times are given).
 */
export interface DateValue {
  year: number;
  month: number;
  day: number;
  /** Hours since midnight, fractional (10:30 → 10.5); null for a date without a time. */
  hour: number | null;
}

export type DateOrder = 'ymd' | 'mdy' | 'dmy';

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(?:[ap]\.?m\.?)?(?:\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?))?`;
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[T ]${TIME})?$`, 'i');
const YEAR_LAST = new RegExp(String.raw`^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?:[T ,]\s*${TIME})?$`, 'i');
const TIME_ONLY = new RegExp(String.raw`^${TIME}$`, 'i');

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function hourOf(cell: string, h: string | undefined, m: string | undefined, s: string | undefined): number | null | undefined {
  if (h === undefined) return null;
  let hour = Number(h);
  const minute = Number(m);
  const second = Number(s ?? 0);
  const meridiem = /([ap])\.?m\.?/i.exec(cell)?.[1]?.toLowerCase();
  if (meridiem) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (meridiem === 'p' ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  return hour + minute / 60 + second / 3600;
}

function valid(year: number, month: number, day: number, hour: number | null | undefined): DateValue | null {
  if (hour === undefined || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  return { year, month, day, hour };
}

/** A date (optionally with a time) in `order`, or null. */
export function parseDate(cell: string, order: DateOrder): DateValue | null {
  const text = cell.trim();
  if (order === 'ymd') {
    const m = YEAR_FIRST.exec(text);
    return m ? valid(Number(m[1]), Number(m[3]), Number(m[4]), hourOf(text, m[5], m[6], m[7])) : null;
  }
  const m = YEAR_LAST.exec(text);
  if (!m) return null;
  const [a, b] = [Number(m[1]), Number(m[3])];
  return order === 'mdy' ? valid(Number(m[4]), a, b, hourOf(text, m[5], m[6], m[7])) : valid(Number(m[4]), b, a, hourOf(text, m[5], m[6], m[7]));
}

/** A time of day alone ("14:05", "2:05 pm"), as fractional hours, or null. */
export function parseTimeOfDay(cell: string): number | null {
  const text = cell.trim();
  const m = TIME_ONLY.exec(text);
  return m ? (hourOf(text, m[1], m[2], m[3]) ?? null) : null;
}

/**
 * How a column of distinct values reads as dates: year first; or day/month/year, told apart by a
 * first number above 12 (day first) or a second one (month first); when nothing tells, month first
 * for '/' (the US habit) and day first for '.' and '-'. null when some value is not a date.
 */
export function dateOrderOf(values: readonly string[]): { order: DateOrder; ambiguous: boolean } | null {
  if (values.length === 0) return null;
  if (values.every((v) => parseDate(v, 'ymd') !== null)) return { order: 'ymd', ambiguous: false };
  let dayFirst = false;
  let monthFirst = false;
  let slash = false;
  for (const v of values) {
    const m = YEAR_LAST.exec(v.trim());
    if (!m) return null;
    if (Number(m[1]) > 12) dayFirst = true;
    if (Number(m[3]) > 12) monthFirst = true;
    if (m[2] === '/') slash = true;
  }
  if (dayFirst && monthFirst) return null;
  const order: DateOrder = dayFirst ? 'dmy' : monthFirst ? 'mdy' : slash ? 'mdy' : 'dmy';
  return values.every((v) => parseDate(v, order) !== null) ? { order, ambiguous: !dayFirst && !monthFirst } : null;
}

/** 0 = Monday … 6 = Sunday (ISO order). */
export function dayOfWeek(d: DateValue): number {
  return (new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay() + 6) % 7;
}

/** 1 … 366. */
export function dayOfYear(d: DateValue): number {
  return Math.round((Date.UTC(d.year, d.month - 1, d.day) - Date.UTC(d.year, 0, 1)) / 86_400_000) + 1;
}
