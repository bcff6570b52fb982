import type { RunDto } from '../../../../shared/contract';
import type { Contour } from '../../../../shared/analysis/contour';
import { unitPosition, type Axis } from '../../../../shared/analysis/trials';
import type { ObjectiveDirection } from '../../../../shared/domain/run';
import { formatAxisValue } from './axis-range';
import { emphasisedLast, runMark, type MarkLinks, type TrialMarkItem } from './run-marks';
import { trialTooltip } from './tooltip';

/** Worse → better, as the parallel coordinates colour the objective. */
const WORSE_TO_BETTER = ['#d9534f', '#f0ad4e', '#e6d84a', '#5cb85c', '#1f77b4'];

export interface ContourOptionInput {
  contour: Contour;
  runsByTrial: ReadonlyMap<number, RunDto>;
  links: MarkLinks;
  objectiveName: string;
  direction: ObjectiveDirection;
}

/** Grid index (fractional) of a value on an axis laid out as `cells` cells: where a trial's mark goes. */
export function cellPosition(axis: Axis, value: number, cells: number): number | null {
  if (axis.scale === 'categorical') return value; // contour points carry the category index
  const u = unitPosition(axis, value);
  return u === null ? null : u * (cells - 1);
}

const label = (axis: Axis, v: number): string => (axis.scale === 'categorical' ? String(axis.categories[v] ?? v) : formatAxisValue(v));

/**
 * A contour of the objective over two parameters (optuna-dashboard's): the kernel-smoothed surface
 * from shared/analysis/contour.ts as a heat map on the grid it was computed on (so log axes are
 * spaced by decades and categories by position), cells with no trial near left blank, and the trials
 * on top as marks linked with the table.
 */
export function contourOption({ contour, runsByTrial, links, objectiveName, direction }: ContourOptionInput): Record<string, unknown> {
  const cells: [number, number, number][] = [];
  let min = Infinity;
  let max = -Infinity;
  contour.z.forEach((row, j) =>
    row.forEach((v, i) => {
      if (v === null) return;
      cells.push([i, j, v]);
      if (v < min) min = v;
      if (v > max) max = v;
    }),
  );
  if (min === Infinity) [min, max] = [0, 1];
  if (min === max) max = min + Math.abs(min || 1) * 1e-6;
  const items: TrialMarkItem[] = [];
  for (const p of contour.points) {
    const run = runsByTrial.get(p.number);
    const x = cellPosition(contour.x, p.x, contour.xs.length);
    const y = cellPosition(contour.y, p.y, contour.ys.length);
    if (!run || x === null || y === null) continue;
    const mark = runMark(run, links);
    items.push({ value: [x, y], runId: run.id, trial: p.number, symbol: mark.symbol, symbolSize: mark.symbolSize - 1, itemStyle: { ...mark.itemStyle, borderColor: mark.itemStyle.borderColor ?? links.colors.background, borderWidth: 1 }, emphasised: mark.emphasised });
  }
  const gradient = direction === 'maximize' ? WORSE_TO_BETTER : [...WORSE_TO_BETTER].reverse();
  const axis = (a: Axis, values: number[], name: string) => ({
    type: 'category',
    data: values.map((v) => label(a, v)),
    name,
    nameLocation: 'middle',
    nameGap: 26,
    nameTextStyle: { fontSize: 11, color: links.colors.text },
    axisLabel: { fontSize: 10, color: links.colors.muted, hideOverlap: true, interval: a.scale === 'categorical' ? 0 : Math.max(0, Math.ceil(values.length / 5) - 1) },
    axisLine: { lineStyle: { color: links.colors.line } },
    axisTick: { show: false },
    splitArea: { show: false },
  });
  return {
    animation: false,
    grid: { left: 64, right: 78, top: 14, bottom: 44 },
    xAxis: axis(contour.x, contour.xs, contour.x.name),
    yAxis: { ...axis(contour.y, contour.ys, contour.y.name), nameGap: 48 },
    visualMap: {
      type: 'continuous',
      seriesIndex: 0,
      min,
      max,
      calculable: false,
      right: 4,
      top: 'middle',
      itemHeight: 110,
      itemWidth: 10,
      precision: 3,
      text: direction === 'maximize' ? ['better', 'worse'] : ['worse', 'better'],
      textStyle: { fontSize: 10, color: links.colors.muted },
      inRange: { color: gradient },
    },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: { seriesIndex?: number; data?: TrialMarkItem | [number, number, number] }) => {
        if (p.seriesIndex === 0 && Array.isArray(p.data)) {
          const [i, j, v] = p.data;
          return `${contour.x.name} ${label(contour.x, contour.xs[i]!)}, ${contour.y.name} ${label(contour.y, contour.ys[j]!)}<br/>estimated ${objectiveName}: <b>${formatAxisValue(v)}</b>`;
        }
        const item = p.data as TrialMarkItem | undefined;
        const run = item ? runsByTrial.get(item.trial) : undefined;
        return run ? trialTooltip(run, [[contour.x.name, run.params[contour.x.name]], [contour.y.name, run.params[contour.y.name]], [objectiveName, run.bestObjective]]) : '';
      },
    },
    series: [
      { type: 'heatmap', data: cells, progressive: 0, emphasis: { disabled: true } },
      { type: 'scatter', data: emphasisedLast(items), z: 3, emphasis: { scale: 1.4 } },
    ],
  };
}
