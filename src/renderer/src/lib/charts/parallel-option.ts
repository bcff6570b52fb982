import type { RunDto } from '../../../../shared/contract';
import type { ObjectiveDirection } from '../../../../shared/domain/run';
import { axisValue, OBJECTIVE_AXIS, type ParallelAxisSpec } from './parallel-axes';

/** Worse → better. Reversed for minimize, so "better" is the same colour whichever the direction. */
const WORSE_TO_BETTER = ['#d9534f', '#f0ad4e', '#e6d84a', '#5cb85c', '#1f77b4'];

export interface ParallelOptionInput {
  axes: readonly ParallelAxisSpec[];
  /** Rows that pass the filters and have an objective. */
  runs: readonly RunDto[];
  selectedIds: ReadonlySet<number>;
  direction: ObjectiveDirection;
}

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
export function parallelOption({ axes, runs, selectedIds, direction }: ParallelOptionInput): Record<string, unknown> {
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
  const colors = direction === 'maximize' ? WORSE_TO_BETTER : [...WORSE_TO_BETTER].reverse();
  const data = runs.map((r) => ({ name: `Trial ${r.trialNumber}`, value: parallelRow(axes, r) }));
  const selected = runs.filter((r) => selectedIds.has(r.id)).map((r) => ({ name: `Trial ${r.trialNumber}`, value: parallelRow(axes, r) }));
  return {
    animation: false,
    tooltip: { show: false },
    parallel: {
      left: 56,
      right: 110,
      top: 44,
      bottom: 28,
      parallelAxisDefault: {
        nameLocation: 'end',
        nameGap: 14,
        nameTextStyle: { fontSize: 11, color: '#3b4450' },
        axisLabel: { fontSize: 10, color: '#5f6b7a', hideOverlap: true },
        axisLine: { lineStyle: { color: '#b8bec6' } },
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
      ...(a.type === 'category' ? { data: a.categories } : { scale: true }),
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
      textStyle: { fontSize: 10, color: '#5f6b7a' },
      inRange: { color: colors },
    },
    series: [
      {
        type: 'parallel',
        data,
        lineStyle: { width: 1, opacity: runs.length > 2000 ? 0.25 : 0.55 },
        inactiveOpacity: 0.03,
        activeOpacity: 1,
        progressive: 1000,
        emphasis: { disabled: true },
      },
      {
        // Selected rows drawn on top in one dark colour, so they stand out from the gradient.
        type: 'parallel',
        data: selected,
        silent: true,
        lineStyle: { width: 2.5, opacity: 1, color: '#1d232b' },
        inactiveOpacity: 0.15,
        z: 3,
      },
    ],
  };
}
