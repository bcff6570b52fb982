import type { EChartsInstance } from '../../../charts/echarts';
import type { StudyViewState } from '../../../state/study-view.svelte';

/**
 * A click on a trial's mark selects its run as a click on its row would (shift: a range, ctrl/cmd:
 * toggle) and puts the table's cursor on it; the marks carry their run id in `data.runId`.
 */
export function selectOnClick(chart: EChartsInstance, view: StudyViewState): void {
  chart.on('click', (p) => {
    const runId = (p.data as { runId?: number } | undefined)?.runId;
    if (runId === undefined) return;
    const e = p.event?.event as MouseEvent | undefined;
    view.activeRunId = runId;
    view.click(runId, { shift: e?.shiftKey ?? false, toggle: (e?.ctrlKey || e?.metaKey) ?? false });
  });
}

/**
 * Test hook (only when window.__HPS_TEST__ is true): window[name].pixelOf(trial) gives the page
 * coordinates of a trial's mark, so a test clicks it with the real mouse, through echarts' own hit test.
 */
export function exposeMarks(name: string, chart: EChartsInstance, el: HTMLElement): () => void {
  const w = window as unknown as Record<string, unknown> & { __HPS_TEST__?: boolean };
  if (w.__HPS_TEST__ !== true) return () => {};
  w[name] = {
    pixelOf(trial: number): [number, number] | null {
      const series = (chart.getOption() as { series?: { data?: { trial?: number; value: unknown }[] }[] }).series ?? [];
      for (let i = 0; i < series.length; i++) {
        const item = series[i]!.data?.find((d) => d && typeof d === 'object' && 'trial' in d && d.trial === trial);
        if (!item) continue;
        const [x, y] = chart.convertToPixel({ seriesIndex: i }, item.value as number[]) as unknown as [number, number];
        const box = el.getBoundingClientRect();
        return [box.left + x, box.top + y];
      }
      return null;
    },
  };
  return () => delete w[name];
}
