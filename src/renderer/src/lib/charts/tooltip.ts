import type { RunDto } from '../../../../shared/contract';
import { describeStop } from '../../../../shared/domain/search-summary';
import { formatAxisValue } from './axis-range';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** Hover text of one trial in the analysis plots: its number, how it ended, and the values plotted. */
export function trialTooltip(run: Pick<RunDto, 'trialNumber' | 'status' | 'rung' | 'stopReason'>, rows: readonly [string, number | string | boolean | null | undefined][]): string {
  const stop = describeStop(run);
  const head = `<b>Trial #${run.trialNumber}</b> · ${escapeHtml(run.status === 'pruned' && stop ? stop.replace(/:.*/s, '') : run.status)}`;
  const lines = rows.map(([k, v]) => `${escapeHtml(k)}: <b>${typeof v === 'number' ? formatAxisValue(v) : escapeHtml(String(v ?? '—'))}</b>`);
  return [head, ...lines].join('<br/>');
}
