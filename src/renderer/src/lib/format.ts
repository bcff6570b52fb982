import type { ParamValue } from '../../../shared/domain/space';

/** Objectives span 1e-5 (losses) to 1e3 (MSE on raw targets): 4 significant digits reads well for both. */
export function formatObjective(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : Number(value.toPrecision(4)).toString();
}

export function formatParamValue(value: ParamValue): string {
  return typeof value === 'number' ? Number(value.toPrecision(4)).toString() : String(value);
}

export function formatParams(params: Record<string, ParamValue>): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${formatParamValue(value)}`)
    .join(', ');
}

/** Feature statistics: compact, never exponent-heavy for ordinary magnitudes. */
export function formatStat(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return value.toExponential(2);
  return Number(value.toPrecision(4)).toString();
}

/** "just now", "5 min ago", "3 h ago", "2 days ago", then the date. `now` is injectable for tests. */
export function formatRelativeTime(iso: string, now: number = Date.now()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const sec = Math.max(0, Math.round((now - t) / 1000));
  if (sec < 45) return 'just now';
  const min = Math.round(sec / 60);
  if (min < 60) return `${min} min ago`;
  const hours = Math.round(min / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 7) return `${days} day${days === 1 ? '' : 's'} ago`;
  return new Date(t).toISOString().slice(0, 10);
}

export function formatDateTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toLocaleString();
}

/** [28, 28, 1] → "28×28×1"; [10] → "10 features". */
export function formatShape(shape: readonly number[]): string {
  if (shape.length === 1) return `${shape[0]} feature${shape[0] === 1 ? '' : 's'}`;
  return shape.join('×');
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** Progress in 0..1, or null when the total is unknown (an indeterminate bar). */
export function fraction(done: number, total: number): number | null {
  if (!(total > 0)) return null;
  return Math.min(1, Math.max(0, done / total));
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** "1 run", "3 runs", "1 class", "2 classes": counts in text always agree with their noun. */
export function plural(n: number, singular: string, pluralForm?: string): string {
  const word = n === 1 ? singular : (pluralForm ?? (/(s|x|sh)$/.test(singular) ? `${singular}es` : `${singular}s`));
  return `${formatCount(n)} ${word}`;
}
