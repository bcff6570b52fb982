import { formatAxisValue, yAxisRange } from './axis-range';
import { emaSmooth, forLogAxis } from './smoothing';

export interface CurveInput {
  /** Unique per series (run id, or metric name on the run page). */
  key: string;
  /** Legend text (`#12`, `val_loss`). */
  label: string;
  steps: readonly number[];
  values: readonly (number | null)[];
}

export interface CurveOptionInput {
  curves: readonly CurveInput[];
  smoothing: number;
  logY: boolean;
  xName?: string;
  yName?: string;
  /** Every curve is a [0, 1] metric (accuracy, f1…): the y axis stops at 1. */
  unitBounded?: boolean;
}

export const CURVE_COLORS = ['#2f6fde', '#e4572e', '#17a673', '#9c55d4', '#f0a202', '#11a3c9', '#d6336c', '#6b7a8c', '#7a9e1f', '#a0522d'];

/**
 * Overlaid curves in TensorBoard's manner: the smoothed line in full colour over the raw one, faint,
 * sharing its legend entry so one click hides both.
 */
export function curveOption({ curves, smoothing, logY, xName = 'epoch', yName, unitBounded = false }: CurveOptionInput): Record<string, unknown> {
  const series: Record<string, unknown>[] = [];
  curves.forEach((c, i) => {
    const color = CURVE_COLORS[i % CURVE_COLORS.length];
    const raw = logY ? forLogAxis(c.values) : c.values.slice();
    const pairs = (vals: readonly (number | null)[]) => c.steps.map((s, k) => [s, vals[k] ?? null]);
    if (smoothing > 0) {
      series.push({
        name: c.label,
        type: 'line',
        data: pairs(raw),
        showSymbol: false,
        silent: true,
        lineStyle: { width: 1, opacity: 0.25, color },
        itemStyle: { color },
        tooltip: { show: false },
        connectNulls: false,
      });
    }
    const smoothed = smoothing > 0 ? emaSmooth(raw, smoothing) : raw;
    series.push({
      name: c.label,
      type: 'line',
      data: pairs(logY ? forLogAxis(smoothed) : smoothed),
      showSymbol: c.steps.length <= 1,
      symbolSize: 5,
      lineStyle: { width: 2, color },
      itemStyle: { color },
      connectNulls: false,
    });
  });
  return {
    animation: false,
    color: CURVE_COLORS,
    grid: { left: 56, right: 20, top: 36, bottom: 36 },
    legend: { type: 'scroll', top: 4, left: 8, right: 8, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 11 } },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => (typeof v === 'number' ? formatAxisValue(v) : '—'),
    },
    xAxis: {
      type: 'value',
      name: xName,
      nameLocation: 'middle',
      nameGap: 24,
      minInterval: 1,
      min: 1,
      // One epoch alone would make a zero-width axis.
      max: ({ max }: { max: number }) => (max < 2 ? 2 : undefined),
      nameTextStyle: { fontSize: 11, color: '#5f6b7a' },
      axisLabel: { fontSize: 10 },
      splitLine: { show: false },
    },
    yAxis: {
      type: logY ? 'log' : 'value',
      name: yName,
      nameTextStyle: { fontSize: 11, color: '#5f6b7a', align: 'left' },
      scale: true,
      // A log axis finds its own decades; a linear one needs a sane range for flat or bounded metrics.
      ...(logY ? {} : yAxisRange(curves.flatMap((c) => c.values), unitBounded)),
      axisLabel: { fontSize: 10, formatter: (v: number) => formatAxisValue(v) },
      splitLine: { lineStyle: { color: '#eef0f3' } },
    },
    dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' }],
    series,
  };
}
