import type { MetricPointDto } from '../../../../../shared/contract';

export interface MetricSeries {
  name: string;
  steps: number[];
  values: (number | null)[];
}

/** Metric names without their split prefix: `val_loss` and `loss` share a panel. */
export const baseMetricName = (name: string): string => name.replace(/^(val_|test_)/, '');

/** Throughput and timing the trainer reports alongside the model's metrics: shown last, no "best". */
export const isDiagnostic = (name: string): boolean => /time|per_sec|^lr$/.test(name);

/** Accuracy-like metrics are better high; losses and errors low. */
export function higherIsBetter(name: string): boolean {
  return /acc|auc|precision|recall|f1|r2/i.test(baseMetricName(name));
}

export function seriesByName(points: readonly MetricPointDto[]): Map<string, MetricSeries> {
  const out = new Map<string, MetricSeries>();
  for (const p of points) {
    let s = out.get(p.name);
    if (!s) out.set(p.name, (s = { name: p.name, steps: [], values: [] }));
    s.steps.push(p.step);
    s.values.push(p.value);
  }
  return out;
}

/** Panels in reading order: loss first, then the task's metric (accuracy, mse…), then the rest. */
export function metricPanels(names: Iterable<string>): { title: string; names: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const name of names) {
    const base = baseMetricName(name);
    groups.set(base, [...(groups.get(base) ?? []), name]);
  }
  const rank = (base: string) => (isDiagnostic(base) ? 4 : base === 'loss' ? 0 : /acc/.test(base) ? 1 : /mse|mae/.test(base) ? 2 : 3);
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([title, members]) => ({ title, names: members.sort((a, b) => a.length - b.length || a.localeCompare(b)) }));
}

export interface FinalMetric {
  name: string;
  final: number | null;
  best: number | null;
  bestStep: number | null;
}

export function finalMetrics(series: Iterable<MetricSeries>): FinalMetric[] {
  const out: FinalMetric[] = [];
  for (const s of series) {
    const up = higherIsBetter(s.name);
    let best: number | null = null;
    let bestStep: number | null = null;
    s.values.forEach((v, i) => {
      if (v === null) return;
      if (best === null || (up ? v > best : v < best)) {
        best = v;
        bestStep = s.steps[i] ?? null;
      }
    });
    const diagnostic = isDiagnostic(s.name);
    out.push({ name: s.name, final: s.values.at(-1) ?? null, best: diagnostic ? null : best, bestStep: diagnostic ? null : bestStep });
  }
  return out.sort(
    (a, b) =>
      Number(isDiagnostic(a.name)) - Number(isDiagnostic(b.name)) ||
      baseMetricName(a.name).localeCompare(baseMetricName(b.name)) ||
      a.name.length - b.name.length,
  );
}
