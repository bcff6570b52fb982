import { formatAxisValue, yAxisRange } from './axis-range';
import type { ChartColors } from './chart-theme';
import { emaSmooth, forLogAxis } from './smoothing';

export interface CurveInput {
  /** Unique per series (run id, or metric name on the run page). */
  key: string;
  /** Legend text (`#12`, `val_loss`). */
  label: string;
  steps: readonly number[];
  values: readonly (number | null)[];
  /** The run's colour where the views share one (study screen); else the palette's next. */
  color?: string;
  /** A pruned run: dashed, its last epoch marked with a triangle (where the pruner stopped it). */
  pruned?: boolean;
}

export interface CurveOptionInput {
  curves: readonly CurveInput[];
  smoothing: number;
  logY: boolean;
  xName?: string;
  yName?: string;
  /** Every curve is a [0, 1] metric (accuracy, f1…): the y axis stops at 1. */
  unitBounded?: boolean;
  colors?: ChartColors;
}

/**
 * Values a schedule sets rather than the model learns (the learning rate): smoothing would draw a
 * schedule that never ran, so these are always drawn raw.
 */
export const isScheduleMetric = (name: string): boolean => /^(lr|learning_rate)$/.test(name);

/** The tooltip of an epoch: "Epoch 5", then each curve's value (never "5.00"). */
export function epochTooltip(items: readonly { seriesName?: string; value?: unknown; color?: unknown; seriesId?: string }[]): string {
  const first = items[0];
  const epoch = Array.isArray(first?.value) ? first.value[0] : undefined;
  const rows = items
    .filter((p) => Array.isArray(p.value))
    .map((p) => {
      const v = (p.value as unknown[])[1];
      const dot = typeof p.color === 'string' ? `<span style="display:inline-block;width:8px;height:8px;border-radius:4px;background:${p.color};margin-right:6px"></span>` : '';
      return `${dot}${p.seriesName ?? ''}: <b>${typeof v === 'number' ? formatAxisValue(v) : '—'}</b>`;
    });
  return `Epoch ${typeof epoch === 'number' ? Math.round(epoch) : '?'}<br/>${rows.join('<br/>')}`;
}

export const CURVE_COLORS = ['#2f6fde', '#e4572e', '#17a673', '#9c55d4', '#f0a202', '#11a3c9', '#d6336c', '#6b7a8c', '#7a9e1f', '#a0522d'];

/**
 * Overlaid curves in TensorBoard's manner: the smoothed line in full colour over the raw one, faint,
 * sharing its legend entry so one click hides both.
 */
export function curveOption({ curves, smoothing, logY, xName = 'epoch', yName, unitBounded = false, colors }: CurveOptionInput): Record<string, unknown> {
  const series: Record<string, unknown>[] = [];
  curves.forEach((c, i) => {
    const color = c.color ?? CURVE_COLORS[i % CURVE_COLORS.length];
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
    const data: unknown[] = pairs(logY ? forLogAxis(smoothed) : smoothed);
    if (c.pruned && data.length > 0) data[data.length - 1] = { value: data[data.length - 1], symbol: 'triangle', symbolSize: 10 };
    series.push({
      name: c.label,
      type: 'line',
      data,
      // A pruned run shows its last point (the triangle) whatever the length; others a lone epoch only.
      showSymbol: c.pruned === true || c.steps.length <= 1,
      // Other points of a pruned run take no room: size 0, not symbol 'none', so the last one's own symbol shows.
      symbolSize: c.pruned ? 0 : 5,
      lineStyle: { width: 2, color, ...(c.pruned ? { type: 'dashed' } : {}) },
      itemStyle: { color },
      connectNulls: false,
    });
  });
  return {
    animation: false,
    color: CURVE_COLORS,
    grid: { left: 56, right: 20, top: 36, bottom: 36 },
    legend: { type: 'scroll', top: 4, left: 8, right: 8, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 11, color: colors?.text } },
    tooltip: {
      trigger: 'axis',
      confine: true,
      // Only the smoothed lines (the raw ones are silent and have tooltip off); epochs are whole numbers.
      formatter: (items: unknown) => epochTooltip(Array.isArray(items) ? items : [items as never]),
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
      nameTextStyle: { fontSize: 11, color: colors?.muted ?? '#5f6b7a' },
      axisLabel: { fontSize: 10, color: colors?.muted, formatter: (v: number) => (Number.isInteger(v) ? String(v) : '') },
      axisLine: colors ? { lineStyle: { color: colors.line } } : undefined,
      splitLine: { show: false },
    },
    yAxis: {
      type: logY ? 'log' : 'value',
      name: yName,
      nameTextStyle: { fontSize: 11, color: colors?.muted ?? '#5f6b7a', align: 'left' },
      scale: true,
      // A log axis finds its own decades; a linear one needs a sane range for flat or bounded metrics.
      ...(logY ? {} : yAxisRange(curves.flatMap((c) => c.values), unitBounded)),
      axisLabel: { fontSize: 10, color: colors?.muted, formatter: (v: number) => formatAxisValue(v) },
      splitLine: { lineStyle: { color: colors?.grid ?? '#eef0f3' } },
    },
    dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' }],
    series,
  };
}
