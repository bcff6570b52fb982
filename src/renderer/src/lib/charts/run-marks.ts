import type { RunStatus } from '../../../../shared/domain/run';
import type { ChartColors } from './chart-theme';

/**
 * How the analysis plots (history, slices, contour) draw one trial, linked with the rest of the page
 * the way the parallel coordinates are: the runs the table shows (filter and brush) in full, the
 * brushed-out ones faint; the runs the learning curves show in their curve colour and the other
 * selected ones in the strong colour, both larger and on top; pruned trials as triangles.
 */
export interface MarkLinks {
  /** Runs inside the filter and the brush (the table's rows). */
  inTable: ReadonlySet<number>;
  selected: ReadonlySet<number>;
  /** Run id → the colour the learning curves and the parallel coordinates give it. */
  highlight: ReadonlyMap<number, string>;
  colors: ChartColors;
}

export interface RunMark {
  symbol: 'circle' | 'triangle';
  symbolSize: number;
  itemStyle: { color: string; opacity: number; borderColor?: string; borderWidth?: number };
  /** Drawn on top (selected or highlighted). */
  emphasised: boolean;
}

/** A trial's mark as a scatter data item (history, contour): where it goes, and the run and trial clicks and tooltips read. */
export interface TrialMarkItem extends RunMark {
  value: [number, number];
  runId: number;
  trial: number;
}

export const BRUSHED_OUT_OPACITY = 0.18;

export function runMark(run: { id: number; status: RunStatus }, links: MarkLinks): RunMark {
  const pruned = run.status === 'pruned';
  const color = links.highlight.get(run.id) ?? (links.selected.has(run.id) ? links.colors.strong : null);
  const opacity = links.inTable.has(run.id) ? (pruned ? 0.85 : 0.75) : BRUSHED_OUT_OPACITY;
  if (color !== null) {
    return { symbol: pruned ? 'triangle' : 'circle', symbolSize: 11, itemStyle: { color, opacity: 1, borderColor: links.colors.background, borderWidth: 1.5 }, emphasised: true };
  }
  return { symbol: pruned ? 'triangle' : 'circle', symbolSize: pruned ? 8 : 7, itemStyle: { color: pruned ? links.colors.warn : links.colors.accent, opacity }, emphasised: false };
}

/** Emphasised marks last, so they are drawn over the rest. */
export function emphasisedLast<T extends { emphasised: boolean }>(items: T[]): T[] {
  return [...items.filter((i) => !i.emphasised), ...items.filter((i) => i.emphasised)];
}
