import type { MetricPointDto } from '../../../../shared/contract';
import type { ApiClient } from '../api';
import { appendEpochPoints, orderMetricNames, type EpochUpdate } from './study-view-live';

/**
 * Curves per run, fetched once and then extended from epoch events (a live run never re-fetches its
 * whole history). Knows every metric name seen, for the curve picker and the table's metric columns.
 */
export class StudyCurves {
  byRun = $state.raw<Map<number, MetricPointDto[]>>(new Map());
  metricNames = $state.raw<string[]>([]);
  error = $state<string | null>(null);

  readonly #api: ApiClient;
  readonly #inFlight = new Set<number>();

  constructor(api: ApiClient) {
    this.#api = api;
  }

  /** Fetches the curves of `runIds` not cached yet. */
  async ensure(runIds: readonly number[]): Promise<void> {
    const missing = runIds.filter((id) => !this.byRun.has(id) && !this.#inFlight.has(id));
    if (missing.length === 0) return;
    for (const id of missing) this.#inFlight.add(id);
    try {
      const results = await Promise.all(missing.map(async (runId) => [runId, await this.#api.call('runs.metrics', { runId })] as const));
      const next = new Map(this.byRun);
      for (const [runId, points] of results) next.set(runId, points);
      this.byRun = next;
      this.#noteNames(results.flatMap(([, points]) => points.map((p) => p.name)));
      this.error = null;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      for (const id of missing) this.#inFlight.delete(id);
    }
  }

  applyEpoch(e: EpochUpdate): void {
    this.#noteNames(Object.keys(e.metrics));
    const points = this.byRun.get(e.runId);
    if (!points) return; // not shown: fetched whole when it is
    const next = new Map(this.byRun);
    next.set(e.runId, appendEpochPoints(points, e, Date.now()));
    this.byRun = next;
  }

  #noteNames(names: string[]): void {
    const missing = names.filter((n) => !this.metricNames.includes(n));
    if (missing.length > 0) this.metricNames = orderMetricNames([...this.metricNames, ...missing]);
  }
}
