import type { MetricPointDto, RunDto, StudyDetailDto } from '../../../../shared/contract';
import type { ParamValue } from '../../../../shared/domain/space';
import type { ApiClient } from '../api';
import { errorMessage } from '../format';
import { orderMetricNames } from './study-view-live';

export interface CompareRow {
  name: string;
  values: (ParamValue | null)[];
  /** Not every run has the same value. */
  differs: boolean;
}

/** Hyperparameters side by side, every name any of the runs has; `differs` marks what sets them apart. */
export function configRows(runs: readonly RunDto[]): CompareRow[] {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.params)))].sort();
  return names.map((name) => {
    const values = runs.map((r) => (name in r.params ? r.params[name]! : null));
    return { name, values, differs: new Set(values.map((v) => JSON.stringify(v))).size > 1 };
  });
}

/** Index of the best value in a row of numbers (lowest or highest), or -1 when fewer than two can be compared. */
export function bestIndex(values: readonly (number | null)[], higherIsBetter: boolean): number {
  let best = -1;
  let count = 0;
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) return;
    count++;
    if (best === -1 || (higherIsBetter ? v > values[best]! : v < values[best]!)) best = i;
  });
  return count >= 2 ? best : -1;
}

/**
 * Two or more trials of one study, side by side (W&B's run comparer): configuration diff, final
 * metrics, overlaid curves. The trials come from the URL, so a comparison can be linked.
 */
export class CompareState {
  study = $state.raw<StudyDetailDto | null>(null);
  runs = $state.raw<RunDto[]>([]);
  /** Final value of each metric per run (same order as runs). */
  finals = $state.raw<Record<string, number | null>[]>([]);
  curves = $state.raw<Map<number, MetricPointDto[]>>(new Map());
  phase = $state<'loading' | 'loaded' | 'error'>('loading');
  error = $state<string | null>(null);
  /** Trials in the link that the study does not have. */
  missing = $state.raw<number[]>([]);

  config = $derived(configRows(this.runs));
  metricNames = $derived(orderMetricNames(this.finals.flatMap((f) => Object.keys(f))));

  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  async load(studyId: number, trials: readonly number[]): Promise<void> {
    try {
      const [study, all, last] = await Promise.all([
        this.#api.call('studies.get', { id: studyId }),
        this.#api.call('runs.list', { studyId }),
        this.#api.call('runs.lastMetrics', { studyId }),
      ]);
      const byTrial = new Map(all.map((r) => [r.trialNumber, r]));
      const runs = trials.map((t) => byTrial.get(t)).filter((r): r is RunDto => r !== undefined);
      this.missing = trials.filter((t) => !byTrial.has(t));
      const lastByRun = new Map(last.map((l) => [l.runId, l.metrics]));
      const curves = await Promise.all(runs.map(async (r) => [r.id, await this.#api.call('runs.metrics', { runId: r.id })] as const));
      this.study = study;
      this.runs = runs;
      this.finals = runs.map((r) => lastByRun.get(r.id) ?? {});
      this.curves = new Map(curves);
      this.phase = 'loaded';
    } catch (err) {
      this.error = errorMessage(err);
      this.phase = 'error';
    }
  }
}
