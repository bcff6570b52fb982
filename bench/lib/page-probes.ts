/**
 * Functions that run INSIDE the page (passed to page.evaluate / addInitScript), timing with the page's
 * own performance.now() so Playwright's round trips never enter a figure. They are self-contained:
 * Playwright serializes their source, so they may not use anything from this module's scope.
 */

export interface LoadProbeResult {
  /** ms from navigation start until the first run row was in the DOM. */
  tableAt: number | null;
  /** ms until the parallel-coordinates canvas first held lines (echarts draws 10k lines progressively). */
  chartFirstAt: number | null;
  /** ms until that canvas stopped changing for 5 frames (every line drawn). */
  chartCompleteAt: number | null;
}

/**
 * Installed before the page's scripts run: a rAF loop that notes when the table's first row appears
 * and when the chart's canvases hold ink (and when they stop changing). Results land on
 * window.__loadProbe.
 */
export function installLoadProbe(): void {
  const w = window as unknown as { __HPS_TEST__: boolean; __loadProbe: LoadProbeResult & { done: boolean } };
  w.__HPS_TEST__ = true;
  const probe = { tableAt: null, chartFirstAt: null, chartCompleteAt: null, done: false } as LoadProbeResult & { done: boolean };
  w.__loadProbe = probe;
  let lastInk = -1;
  let stableFrames = 0;
  let stableSince = 0;
  const scratch = document.createElement('canvas');

  /** Sum of alpha over the chart's canvases: 0 before the first draw, constant once the last line is in. */
  function ink(): number {
    const canvases = document.querySelectorAll<HTMLCanvasElement>('[data-testid="parallel-coords"] canvas');
    let total = 0;
    for (const c of canvases) {
      if (c.width === 0 || c.height === 0) continue;
      scratch.width = c.width;
      scratch.height = c.height;
      const ctx = scratch.getContext('2d', { willReadFrequently: true });
      if (!ctx) continue;
      ctx.clearRect(0, 0, c.width, c.height);
      ctx.drawImage(c, 0, 0);
      const data = ctx.getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < data.length; i += 16) total += data[i]!;
    }
    return total;
  }

  function frame(now: number): void {
    if (probe.tableAt === null && document.querySelector('[data-run-id]')) probe.tableAt = now;
    const value = ink();
    if (probe.chartFirstAt === null && value > 0 && document.querySelector('[data-testid="parallel-coords"]')) {
      // Progressive rendering: the first frame already holds the axes and the first 1000 lines.
      probe.chartFirstAt = now;
    }
    if (value > 0 && value === lastInk) {
      stableFrames++;
      if (stableFrames === 5 && probe.chartCompleteAt === null) probe.chartCompleteAt = stableSince;
    } else {
      stableFrames = 0;
      stableSince = now;
    }
    lastInk = value;
    if (probe.tableAt !== null && probe.chartCompleteAt !== null) {
      probe.done = true;
      return;
    }
    if (now > 60_000) {
      probe.done = true;
      return;
    }
    requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
}

export interface ChangeTiming {
  /** ms from the action until the table's DOM changed (MutationObserver). */
  domMs: number;
  /** ms until the frame after that change (rAF then a task: the paint has happened). */
  paintMs: number;
  before: string;
  after: string;
}

/**
 * Runs `action` (a string naming what to do, evaluated in the page) and times it until the table's
 * signature (row count + top row) changes. Kinds: 'sort:<header testid>' clicks that header;
 * 'brush:<axis>:<lo>:<hi>' calls the parallel-coordinates test hook.
 */
export function timeTableChange(action: string): Promise<ChangeTiming> {
  const signature = (): string => {
    const table = document.querySelector('[data-testid="run-table"]');
    const first = document.querySelector('[data-run-id]');
    return `${table?.getAttribute('aria-rowcount') ?? '?'}:${first?.getAttribute('data-run-id') ?? '-'}`;
  };
  return new Promise((resolve, reject) => {
    const before = signature();
    const root = document.querySelector('[data-testid="run-table"]') ?? document.body;
    let t0 = 0;
    const timeout = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`${action}: the table did not change within 10 s (still ${before})`));
    }, 10_000);
    const observer = new MutationObserver(() => {
      const after = signature();
      if (after === before) return;
      const domMs = performance.now() - t0;
      observer.disconnect();
      clearTimeout(timeout);
      requestAnimationFrame(() =>
        setTimeout(() => resolve({ domMs, paintMs: performance.now() - t0, before, after }), 0),
      );
    });
    observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-rowcount', 'data-run-id'] });
    const [kind, ...rest] = action.split(':');
    t0 = performance.now();
    if (kind === 'sort') {
      const header = document.querySelector<HTMLElement>(`[data-testid="${rest.join(':')}"]`);
      if (!header) return reject(new Error(`${action}: no such header`));
      header.click();
    } else if (kind === 'brush') {
      const hook = (window as unknown as { __hpsParallel?: { brush(axis: string, range: [number, number]): void } }).__hpsParallel;
      if (!hook) return reject(new Error('window.__hpsParallel is missing (set window.__HPS_TEST__ = true before the page loads)'));
      const [axis, lo, hi] = rest;
      hook.brush(axis!, [Number(lo), Number(hi)]);
    } else reject(new Error(`unknown action ${action}`));
  });
}

export interface ReferenceTimings {
  fetchParseMs: number[];
  runs: number;
  bytes: number;
  sortMs: number[];
}

/** The raw cost of the data, measured in the same page: runs.list fetched and parsed, and a plain sort. */
export async function referenceTimings(args: { token: string; studyId: number; repeats: number }): Promise<ReferenceTimings> {
  const fetchParseMs: number[] = [];
  let runs = 0;
  let bytes = 0;
  for (let i = 0; i < args.repeats; i++) {
    const t0 = performance.now();
    const response = await fetch('/api/runs.list', {
      method: 'POST',
      headers: { authorization: `Bearer ${args.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ studyId: args.studyId }),
    });
    const text = await response.text();
    const body = JSON.parse(text) as { value: unknown[] };
    fetchParseMs.push(performance.now() - t0);
    runs = body.value.length;
    bytes = text.length;
  }
  const objects = Array.from({ length: 10_000 }, (_, id) => ({ id, value: Math.random(), name: `run-${id}` }));
  const sortMs: number[] = [];
  for (let i = 0; i < args.repeats; i++) {
    const copy = objects.slice();
    const t0 = performance.now();
    copy.sort((a, b) => a.value - b.value);
    sortMs.push(performance.now() - t0);
  }
  return { fetchParseMs, runs, bytes, sortMs };
}
