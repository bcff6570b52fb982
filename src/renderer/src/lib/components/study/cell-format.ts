import type { CellValue, RunColumn } from '../../state/study-view-columns';

/** 4 significant digits reads well for losses (1e-5) and raw MSE (1e3) alike; tiny/huge values go exponential. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e7) return String(v);
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return v.toExponential(2);
  return Number(v.toPrecision(4)).toString();
}

export function formatDuration(sec: number): string {
  if (sec < 60) return `${sec.toFixed(sec < 10 ? 1 : 0)}s`;
  const m = Math.floor(sec / 60);
  if (m < 60) return `${m}m ${Math.round(sec % 60)}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

export function formatCell(column: RunColumn, value: CellValue): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  if (column.key === 'duration') return formatDuration(value);
  return formatNumber(value);
}
