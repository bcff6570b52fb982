import type { RunDto } from '../../../../shared/contract';
import type { ObjectiveDirection } from '../../../../shared/domain/run';
import { formatAxisValue } from './axis-range';
import { DEFAULT_COLORS, type ChartColors } from './chart-theme';
import { escapeHtml } from './tooltip';
import { axisValue, OBJECTIVE_AXIS, type ParallelAxisSpec } from './parallel-axes';

/** Worse → better. Reversed for minimize, so "better" is the same colour whichever the direction. */
const WORSE_TO_BETTER = ['#d9534f', '#f0ad4e', '#e6d84a', '#5cb85c', '#1f77b4'];

export interface ParallelOptionInput {
  axes: readonly ParallelAxisSpec[];
  /** Rows that pass the filters and have an objective. */
  runs: readonly RunDto[];
  selectedIds: ReadonlySet<number>;
  direction: ObjectiveDirection;
  /** Runs drawn on top in their own colour: the ones the learning curves show, in the curves' colours. */
  highlight?: ReadonlyMap<number, string>;
  /** Pixels between axes; below ~90 the names alternate above and below so they do not overlap. */
  axisSpacing?: number;
  colors?: ChartColors;
}

/** Axis tick labels: whole numbers on integer axes (no 1.5 layers), 4 significant digits elsewhere. */
function tickFormatter(axis: ParallelAxisSpec): ((v: number) => string) | undefined {
  if (axis.type === 'category') return undefined;
  if (axis.integer) return (v: number) => (Number.isInteger(v) ? String(v) : '');
  return (v: number) => formatAxisValue(v);
}

/** Hover text of one line: the trial and its values, named as the axes name them. */
export function lineTooltip(axes: readonly ParallelAxisSpec[], name: string, values: readonly (number | string)[]): string {
  const rows = axes.map((a, i) => {
    const v = values[i];
    return `${escapeHtml(a.label)}: <b>${typeof v === 'number' ? formatAxisValue(v) : escapeHtml(String(v ?? '—'))}</b>`;
  });
  return `<b>${escapeHtml(name)}</b><br/>${rows.join('<br/>')}`;
}

/** Pruned runs are dashed: their objective comes from fewer epochs than the rest. */
const PRUNED_LINE = { type: 'dashed' } as const;

/** A line's name in its tooltip (and the test hook): the trial, and "pruned" when it was. */
export const lineName = (r: Pick<RunDto, 'trialNumber' | 'status' | 'rung'>): string =>
  r.status === 'pruned' ? `Trial #${r.trialNumber} · pruned${r.rung !== null ? ` at rung ${r.rung}` : ''}` : `Trial #${r.trialNumber}`;

/**
 * One line's values. Category values must be text: echarts reads a number on a category axis as an
 * index, so a choice of [32, 64, 128] would put 64 at the 65th category, far off the axis.
 */
export function parallelRow(axes: readonly ParallelAxisSpec[], run: RunDto): (number | string)[] {
  return axes.map((a) => {
    const v = axisValue(a.key, run);
    if (v === null) return '-';
    return a.type === 'category' ? String(v) : v;
  });
}

/** The full echarts option; pure so its shape is tested without a canvas. */
export function parallelOption({ axes, runs, selectedIds, direction, highlight, axisSpacing = 120, colors = DEFAULT_COLORS }: ParallelOptionInput): Record<string, unknown> {
  const objIndex = axes.findIndex((a) => a.key === OBJECTIVE_AXIS);
  let min = Infinity;
  let max = -Infinity;
  for (const r of runs) {
    const v = r.bestObjective;
    if (v !== null && Number.isFinite(v)) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (min === Infinity) [min, max] = [0, 1];
  if (min === max) max = min + Math.abs(min || 1) * 1e-6;
  const gradient = direction === 'maximize' ? WORSE_TO_BETTER : [...WORSE_TO_BETTER].reverse();
  const data = runs.map((r) => ({ name: lineName(r), value: parallelRow(axes, r), ...(r.status === 'pruned' ? { lineStyle: PRUNED_LINE } : {}) }));
  const selected = overlayData(axes, runs, selectedIds, highlight, colors);
  const crowded = axisSpacing < 90;
  // Room for a name: one gap between axes, or two when neighbours alternate above and below.
  const nameWidth = Math.max(40, (crowded ? 2 * axisSpacing : axisSpacing) - 8);
  return {
    animation: false,
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: { name?: string; value?: (number | string)[] }) => lineTooltip(axes, p.name ?? '', p.value ?? []),
    },
    parallel: {
      left: 48,
      right: 96,
      top: 44,
      bottom: crowded ? 40 : 28,
      parallelAxisDefault: {
        nameLocation: 'end',
        nameGap: 14,
        nameTextStyle: { fontSize: 11, color: colors.text, width: nameWidth, overflow: 'truncate', ellipsis: '…' },
        axisLabel: { fontSize: 10, color: colors.muted, hideOverlap: true },
        axisLine: { lineStyle: { color: colors.line } },
        // Brush results are applied on release: re-filtering 10k rows on every mouse move would lag.
        realtime: false,
        areaSelectStyle: { width: 18, borderWidth: 1, borderColor: '#2f6fde', color: 'rgba(47,111,222,0.18)', opacity: 1 },
      },
    },
    parallelAxis: axes.map((a, dim) => ({
      id: a.key,
      dim,
      name: a.label,
      type: a.type,
      ...(crowded && dim % 2 === 1 ? { nameLocation: 'start', nameGap: 16 } : {}),
      ...(a.type === 'category' ? { data: a.categories } : a.min !== undefined && a.max !== undefined ? { min: a.min, max: a.max } : { scale: true }),
      ...(a.integer ? { minInterval: 1 } : {}),
      axisLabel: { formatter: tickFormatter(a) },
    })),
    visualMap: objIndex === -1 ? undefined : {
      type: 'continuous',
      dimension: objIndex,
      seriesIndex: 0,
      min,
      max,
      calculable: false,
      right: 8,
      top: 'middle',
      itemHeight: 120,
      itemWidth: 10,
      precision: 3,
      text: direction === 'maximize' ? ['better', 'worse'] : ['worse', 'better'],
      textStyle: { fontSize: 10, color: colors.muted },
      inRange: { color: gradient },
    },
    series: [
      {
        type: 'parallel',
        data,
        lineStyle: { width: 1, opacity: runs.length > 2000 ? 0.25 : highlight && highlight.size > 0 ? 0.35 : 0.55 },
        inactiveOpacity: 0.03,
        activeOpacity: 1,
        progressive: 1000,
        emphasis: { lineStyle: { width: 2.5, opacity: 1 } },
      },
      {
        // The runs the curves show, on top in the curves' colours (selected ones without a colour: dark).
        type: 'parallel',
        data: selected,
        lineStyle: { width: 2.5, opacity: 1, color: colors.strong },
        inactiveOpacity: 0.15,
        z: 3,
      },
    ],
  };
}

/** Overlay lines: highlighted runs in their colour, other selected runs in the strong colour. */
function overlayData(
  axes: readonly ParallelAxisSpec[],
  runs: readonly RunDto[],
  selectedIds: ReadonlySet<number>,
  highlight: ReadonlyMap<number, string> | undefined,
  colors: ChartColors,
): { name: string; value: (number | string)[]; lineStyle: { color: string; type?: 'dashed' } }[] {
  return runs
    .filter((r) => highlight?.has(r.id) || selectedIds.has(r.id))
    .map((r) => ({ name: lineName(r), value: parallelRow(axes, r), lineStyle: { color: highlight?.get(r.id) ?? colors.strong, ...(r.status === 'pruned' ? PRUNED_LINE : {}) } }));
}
