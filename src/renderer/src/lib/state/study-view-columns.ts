import type { RunDto, StudyDetailDto } from '../../../../shared/contract';
import type { ParamValue } from '../../../../shared/domain/space';

/** A cell's raw value: what sorting, range filters and brushing compare (formatting happens in the view). */
export type CellValue = number | string | null;

/** Final value of each metric per run (the last epoch's), filled lazily and by live epoch events. */
export type LastMetrics = ReadonlyMap<number, Readonly<Record<string, number | null>>>;

export interface RowContext {
  lastMetrics: LastMetrics;
  /** Clock for the duration of running trials (ms since epoch). */
  now: number;
  /** Fit diagnoses by run (main judges them from the curves), for the Fit column. */
  fits?: ReadonlyMap<number, { kind: string }>;
}

export interface RunColumn {
  /** Stable id: `trial`, `status`, …, `param:<name>`, `metric:<name>` (used in data-testids and saved layouts). */
  key: string;
  label: string;
  kind: 'number' | 'string';
  group: 'run' | 'param' | 'metric';
  /** Pixels; the table lays rows out as a CSS grid of these. */
  width: number;
  value(run: RunDto, ctx: RowContext): CellValue;
}

const fitCell = (kind: string | undefined): CellValue => (kind === undefined || kind === 'good' || kind === 'unknown' ? null : kind);

const parseTime = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

function durationSec(run: RunDto, now: number): number | null {
  const start = parseTime(run.startedAt);
  if (start === null) return null;
  const end = parseTime(run.endedAt) ?? (run.status === 'running' ? now : null);
  return end === null ? null : Math.max(0, (end - start) / 1000);
}

/** Booleans compare as text: `true`/`false` read better than 1/0 in a sort or a filter. */
export function paramCell(value: ParamValue | undefined): CellValue {
  if (value === undefined) return null;
  return typeof value === 'boolean' ? String(value) : value;
}

export function runColumns(objectiveLabel: string): RunColumn[] {
  return [
    { key: 'trial', label: 'Trial', kind: 'number', group: 'run', width: 64, value: (r) => r.trialNumber },
    { key: 'status', label: 'Status', kind: 'string', group: 'run', width: 96, value: (r) => r.status },
    // Sorts and filters like any text column: `overfitting`, `diverged`, … (good and unjudged read —).
    { key: 'fit', label: 'Fit', kind: 'string', group: 'run', width: 78, value: (r, ctx) => fitCell(ctx.fits?.get(r.id)?.kind) },
    { key: 'objective', label: `Best ${objectiveLabel}`, kind: 'number', group: 'run', width: 116, value: (r) => r.bestObjective },
    { key: 'final', label: `Final ${objectiveLabel}`, kind: 'number', group: 'run', width: 116, value: (r) => r.finalObjective },
    { key: 'epochs', label: 'Epochs', kind: 'number', group: 'run', width: 68, value: (r) => r.epochsDone },
    { key: 'backend', label: 'Backend', kind: 'string', group: 'run', width: 92, value: (r) => r.backend },
    { key: 'duration', label: 'Duration', kind: 'number', group: 'run', width: 84, value: (r, ctx) => durationSec(r, ctx.now) },
  ];
}

export function paramColumn(name: string, numeric: boolean): RunColumn {
  return {
    key: `param:${name}`,
    label: name,
    kind: numeric ? 'number' : 'string',
    group: 'param',
    width: Math.max(84, Math.min(160, name.length * 8 + 24)),
    value: (r) => paramCell(r.params[name]),
  };
}

export function metricColumn(name: string): RunColumn {
  return {
    key: `metric:${name}`,
    label: name,
    kind: 'number',
    group: 'metric',
    width: Math.max(84, Math.min(160, name.length * 8 + 24)),
    value: (r, ctx) => ctx.lastMetrics.get(r.id)?.[name] ?? null,
  };
}

/** Hyperparameter names: the space's keys first (in spec order), then any a clone added. */
export function paramNames(study: Pick<StudyDetailDto, 'spec'> | null, runs: readonly RunDto[]): string[] {
  const names = new Set(study ? Object.keys(study.spec.space) : []);
  for (const run of runs) for (const name of Object.keys(run.params)) names.add(name);
  return [...names];
}

/** A hyperparameter "varies" when the runs hold more than one value of it: only those get an axis. */
export function distinctParamValues(runs: readonly RunDto[], name: string, limit = 2): Set<string> {
  const seen = new Set<string>();
  for (const run of runs) {
    const v = run.params[name];
    if (v === undefined) continue;
    seen.add(`${typeof v}:${String(v)}`);
    if (seen.size >= limit) break;
  }
  return seen;
}

export function isNumericParam(runs: readonly RunDto[], name: string): boolean {
  for (const run of runs) {
    const v = run.params[name];
    if (v !== undefined && typeof v !== 'number') return false;
  }
  return true;
}

/** Every column the table can show, keyed for lookup; the visible ones and their order live in the view state. */
export function allColumns(study: StudyDetailDto | null, runs: readonly RunDto[], metricNames: readonly string[]): RunColumn[] {
  const base = runColumns(study?.objectiveMetric ?? 'objective');
  const params = paramNames(study, runs).map((name) => paramColumn(name, isNumericParam(runs, name)));
  return [...base, ...params, ...metricNames.map(metricColumn)];
}

/** Default layout: run facts, then the hyperparameters that vary (fixed ones are one click away). */
export function defaultVisibleKeys(study: StudyDetailDto | null, runs: readonly RunDto[]): string[] {
  const base = runColumns('').map((c) => c.key);
  const varying = paramNames(study, runs).filter((name) => {
    const domain = study?.spec.space[name];
    if (domain && domain.type !== 'fixed' && !(domain.type === 'choice' && domain.values.length < 2)) return true;
    return distinctParamValues(runs, name).size > 1;
  });
  return [...base, ...varying.map((n) => `param:${n}`)];
}
