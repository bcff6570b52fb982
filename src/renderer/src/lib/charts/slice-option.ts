import type { RunDto } from '../../../../shared/contract';
import type { Slice } from '../../../../shared/analysis/slice';
import { formatAxisValue } from './axis-range';
import { emphasisedLast, runMark, type MarkLinks } from './run-marks';
import { trialTooltip } from './tooltip';

export interface SliceLayout {
  cols: number;
  rows: number;
  cellWidth: number;
  cellHeight: number;
  height: number;
}

const CELL_MIN_WIDTH = 220;
const CELL_HEIGHT = 170;

/** Small multiples: as many columns of at least 220 px as the width holds, 170 px rows. */
export function sliceLayout(panels: number, width: number): SliceLayout {
  const cols = Math.max(1, Math.min(panels, Math.floor(width / CELL_MIN_WIDTH)));
  const rows = Math.max(1, Math.ceil(panels / cols));
  return { cols, rows, cellWidth: width / cols, cellHeight: CELL_HEIGHT, height: rows * CELL_HEIGHT };
}

export interface SliceOptionInput {
  slices: readonly Slice[];
  runsByTrial: ReadonlyMap<number, RunDto>;
  links: MarkLinks;
  objectiveName: string;
  /** Pixels the chart is wide. */
  width: number;
}

interface SliceItem {
  value: [number | string, number];
  runId: number;
  trial: number;
  symbol: string;
  symbolSize: number;
  itemStyle: Record<string, unknown>;
  emphasised: boolean;
}

/** A fixed offset per trial in [−0.3, 0.3]: points on a category spread out instead of piling up. */
export const categoryJitter = (trial: number): number => (((trial * 2654435761) >>> 0) / 2 ** 32 - 0.5) * 0.6;

/**
 * Slice plots (optuna-dashboard's): the objective against each searched parameter, one small panel per
 * parameter on its own scale (log ranges on a log axis, categories spread a little so equal values do
 * not hide each other), every panel on the same objective range so their spreads compare.
 */
export function sliceOption({ slices, runsByTrial, links, objectiveName, width }: SliceOptionInput): Record<string, unknown> {
  const layout = sliceLayout(slices.length, width);
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of slices) for (const p of s.points) [lo, hi] = [Math.min(lo, p.objective), Math.max(hi, p.objective)];
  const pad = Number.isFinite(lo) ? (hi - lo || Math.abs(hi) || 1) * 0.06 : 0;
  const yRange = Number.isFinite(lo) ? { min: lo - pad, max: hi + pad } : {};
  const axisText = { fontSize: 10, color: links.colors.muted };
  const grids = slices.map((_, i) => {
    const col = i % layout.cols;
    const row = Math.floor(i / layout.cols);
    return { left: col * layout.cellWidth + 50, top: row * layout.cellHeight + 14, width: Math.max(40, layout.cellWidth - 64), height: layout.cellHeight - 58 };
  });
  const xAxes = slices.map((s, i) => {
    const common = { gridIndex: i, name: s.axis.name, nameLocation: 'middle', nameGap: 22, nameTextStyle: { fontSize: 11, color: links.colors.text }, axisLine: { lineStyle: { color: links.colors.line } }, splitLine: { show: false } };
    if (s.axis.scale === 'categorical') return { ...common, type: 'category', data: s.axis.categories.map(String), axisLabel: { ...axisText, interval: 0, hideOverlap: true } };
    return { ...common, type: s.axis.scale === 'log' ? 'log' : 'value', min: s.axis.low, max: s.axis.high, axisLabel: { ...axisText, hideOverlap: true, formatter: (v: number) => formatAxisValue(v) } };
  });
  const yAxes = slices.map((_, i) => ({
    gridIndex: i,
    type: 'value',
    ...yRange,
    axisLabel: { ...axisText, formatter: (v: number) => formatAxisValue(v) },
    splitLine: { lineStyle: { color: links.colors.grid } },
  }));
  const series = slices.map((s, i) => {
    const axis = s.axis;
    const items: SliceItem[] = [];
    for (const p of s.points) {
      const run = runsByTrial.get(p.number);
      if (!run) continue;
      const mark = runMark(run, links);
      const x = axis.scale === 'categorical' ? axis.categories.findIndex((c) => String(c) === String(p.x)) + categoryJitter(p.number) : Number(p.x);
      items.push({ value: [x, p.objective], runId: run.id, trial: p.number, symbol: mark.symbol, symbolSize: mark.symbolSize - 1, itemStyle: mark.itemStyle, emphasised: mark.emphasised });
    }
    return { name: axis.name, type: 'scatter', xAxisIndex: i, yAxisIndex: i, data: emphasisedLast(items), emphasis: { scale: 1.4 } };
  });
  return {
    animation: false,
    grid: grids,
    xAxis: xAxes,
    yAxis: yAxes,
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: { data?: SliceItem; seriesName?: string }) => {
        const run = p.data ? runsByTrial.get(p.data.trial) : undefined;
        return run && p.seriesName ? trialTooltip(run, [[p.seriesName, run.params[p.seriesName]], [objectiveName, p.data!.value[1]]]) : '';
      },
    },
    series,
  };
}
