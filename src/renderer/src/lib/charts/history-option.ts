import type { RunDto } from '../../../../shared/contract';
import type { HistoryPoint, OptimizationHistory } from '../../../../shared/analysis/history';
import type { ObjectiveDirection } from '../../../../shared/domain/run';
import { formatAxisValue, yAxisRange } from './axis-range';
import { emphasisedLast, runMark, type MarkLinks, type TrialMarkItem } from './run-marks';
import { trialTooltip } from './tooltip';

export type HistoryAxis = 'trial' | 'time';

export interface HistoryOptionInput {
  history: OptimizationHistory;
  axis: HistoryAxis;
  /** The runs the history was made of, by trial number (marks link back to run ids). */
  runsByTrial: ReadonlyMap<number, RunDto>;
  links: MarkLinks;
  objectiveName: string;
  direction: ObjectiveDirection;
  unitBounded?: boolean;
}

/** A data item of the trials series: the run id rides along for clicks and tooltips. */
export type HistoryItem = TrialMarkItem;

/** Seconds or minutes on the wall-time axis, whichever reads better for the study's length. */
export function timeUnit(points: readonly HistoryPoint[]): { divisor: number; name: string } {
  const last = points.reduce((m, p) => Math.max(m, p.elapsedSec ?? 0), 0);
  return last < 120 ? { divisor: 1, name: 'seconds since the first trial started' } : { divisor: 60, name: 'minutes since the first trial started' };
}

/**
 * Optimization history (optuna-dashboard's): every completed or pruned trial's objective, and the best
 * completed so far as a step line, by trial number or by the time each trial finished. Pruned trials
 * are drawn (as triangles) but never set the best: their value comes from fewer epochs.
 */
export function historyOption({ history, axis, runsByTrial, links, objectiveName, direction, unitBounded = false }: HistoryOptionInput): Record<string, unknown> {
  const points = axis === 'trial' ? history.byTrial : history.byTime;
  const unit = axis === 'time' ? timeUnit(points) : null;
  const xOf = (p: HistoryPoint) => (unit ? (p.elapsedSec ?? 0) / unit.divisor : p.number);
  const items: HistoryItem[] = [];
  for (const p of points) {
    const run = runsByTrial.get(p.number);
    if (!run || p.value === null || (p.status !== 'completed' && p.status !== 'pruned')) continue;
    const mark = runMark(run, links);
    items.push({ value: [xOf(p), p.value], runId: run.id, trial: p.number, symbol: mark.symbol, symbolSize: mark.symbolSize, itemStyle: mark.itemStyle, emphasised: mark.emphasised });
  }
  const best = points.filter((p) => p.best !== null).map((p) => [xOf(p), p.best] as [number, number]);
  const values = items.map((i) => i.value[1]);
  return {
    animation: false,
    grid: { left: 56, right: 16, top: 30, bottom: 40 },
    legend: { top: 2, right: 8, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 11, color: links.colors.text }, data: ['trials', `best ${direction === 'minimize' ? '(lowest)' : '(highest)'}`] },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: { data?: HistoryItem; seriesIndex?: number; value?: [number, number] }) => {
        if (p.seriesIndex === 1 && p.value) return `best so far: <b>${formatAxisValue(p.value[1])}</b>`;
        const run = p.data ? runsByTrial.get(p.data.trial) : undefined;
        return run ? trialTooltip(run, [[objectiveName, p.data!.value[1]]]) : '';
      },
    },
    xAxis: {
      type: 'value',
      name: unit ? unit.name : 'trial',
      nameLocation: 'middle',
      nameGap: 24,
      nameTextStyle: { fontSize: 11, color: links.colors.muted },
      minInterval: unit ? undefined : 1,
      scale: true,
      axisLabel: { fontSize: 10, color: links.colors.muted, formatter: (v: number) => (unit ? formatAxisValue(v) : Number.isInteger(v) ? String(v) : '') },
      axisLine: { lineStyle: { color: links.colors.line } },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      name: objectiveName,
      nameTextStyle: { fontSize: 11, color: links.colors.muted, align: 'left' },
      scale: true,
      ...yAxisRange(values, unitBounded),
      axisLabel: { fontSize: 10, color: links.colors.muted, formatter: (v: number) => formatAxisValue(v) },
      splitLine: { lineStyle: { color: links.colors.grid } },
    },
    series: [
      { name: 'trials', type: 'scatter', data: emphasisedLast(items), itemStyle: { color: links.colors.accent }, emphasis: { scale: 1.4 } },
      { name: `best ${direction === 'minimize' ? '(lowest)' : '(highest)'}`, type: 'line', step: 'end', data: best, showSymbol: false, lineStyle: { width: 2, color: links.colors.strong }, itemStyle: { color: links.colors.strong }, silent: false, z: 1 },
    ],
  };
}
