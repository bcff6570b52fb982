import type { RunDto, StudyDetailDto } from '../../../../shared/contract';
import { trainingSeconds } from '../../../../shared/domain/run-duration';
import type { ParamValue } from '../../../../shared/domain/space';
import { formatNumber } from '../components/study/cell-format';

/** A cell's raw value: what sorting, range filters and brushing compare (formatting happens in the view). */
export type CellValue = number | string | null;

/** Final value of each metric per run (the last epoch's), filled lazily and by live epoch events. */
export type LastMetrics = ReadonlyMap<number, Readonly<Record<string, number | null>>>;

export interface RowContext {
  lastMetrics: LastMetrics;
  /** Clock for the duration of running trials (ms since epoch). */
  now: number;
  /** Tags per run id (runs without tags are absent). */
  tags?: ReadonlyMap<number, readonly string[]>;
}

export interface RunColumn {
  /** Stable id: `trial`, `status`, …, `param:<name>`, `metric:<name>` (used in data-testids and saved layouts). */
  key: string;
  label: string;
  kind: 'number' | 'string';
  group: 'run' | 'param' | 'metric';
  /** Pixels; the table lays rows out as a CSS grid of these. */
  width: number;
  /** Stays in view while the table scrolls sideways (Trial, Status). */
  pinned?: boolean;
  value(run: RunDto, ctx: RowContext): CellValue;
}

/** Time trained, without pauses (see trainingSeconds); a running trial's grows with the clock. */
const durationSec = (run: RunDto, now: number): number | null => trainingSeconds(run, now);

/** Booleans compare as text: `true`/`false` read better than 1/0 in a sort or a filter. */
export function paramCell(value: ParamValue | undefined): CellValue {
  if (value === undefined) return null;
  return typeof value === 'boolean' ? String(value) : value;
}

/** About 6.5 px per header character at 12 px (bold), between 64 (room for 9.45e-6) and 120 px. */
const headerWidth = (name: string): number => Math.max(64, Math.min(120, Math.round(name.length * 6.5 + 18)));

/**
 * Widths are tight on purpose: at 1440 px the run facts and ten hyperparameters must fit side by side
 * (headers that do not fit are cut with an ellipsis and named in full in their tooltip).
 */
export function runColumns(objectiveLabel: string): RunColumn[] {
  return [
    { key: 'trial', label: 'Trial', kind: 'number', group: 'run', width: 56, pinned: true, value: (r) => r.trialNumber },
    { key: 'status', label: 'Status', kind: 'string', group: 'run', width: 88, pinned: true, value: (r) => r.status },
    { key: 'objective', label: `Best ${objectiveLabel}`, kind: 'number', group: 'run', width: headerWidth(`Best ${objectiveLabel}`), value: (r) => r.bestObjective },
    { key: 'final', label: `Final ${objectiveLabel}`, kind: 'number', group: 'run', width: headerWidth(`Final ${objectiveLabel}`), value: (r) => r.finalObjective },
    { key: 'epochs', label: 'Epochs', kind: 'number', group: 'run', width: 64, value: (r) => r.epochsDone },
    { key: 'rung', label: 'Rung', kind: 'number', group: 'run', width: 52, value: (r) => r.rung },
    { key: 'duration', label: 'Duration', kind: 'number', group: 'run', width: 70, value: (r, ctx) => durationSec(r, ctx.now) },
    { key: 'backend', label: 'Backend', kind: 'string', group: 'run', width: 72, value: (r) => r.backend },
    { key: 'tags', label: 'Tags', kind: 'string', group: 'run', width: 110, value: (r, ctx) => ctx.tags?.get(r.id)?.join(', ') || null },
  ];
}

/**
 * Runs facts shown by default; backend and tags join when they say something (see defaultVisibleKeys).
 * The rung stays one click away: a pruned run's status cell names it already, the column is for
 * sorting and filters (`rung >= 1`).
 */
const DEFAULT_RUN_KEYS = ['trial', 'status', 'objective', 'final', 'epochs', 'duration'];


/**
 * A hyperparameter's column; `valueChars` (the longest value as the table prints it) widens it so a
 * value is never cut, even where the header has to be.
 */
export function paramColumn(name: string, numeric: boolean, valueChars = 0): RunColumn {
  return {
    key: `param:${name}`,
    label: name,
    kind: numeric ? 'number' : 'string',
    group: 'param',
    width: Math.max(headerWidth(name), Math.min(140, Math.round(valueChars * 7.2 + 14))),
    value: (r) => paramCell(r.params[name]),
  };
}

export function metricColumn(name: string): RunColumn {
  return {
    key: `metric:${name}`,
    label: name,
    kind: 'number',
    group: 'metric',
    width: headerWidth(name),
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

/** Characters of the longest printed value of a hyperparameter (sampled: 10k rows need not all be read). */
function longestValue(runs: readonly RunDto[], name: string): number {
  let longest = 0;
  const step = Math.max(1, Math.floor(runs.length / 500));
  for (let i = 0; i < runs.length; i += step) {
    const v = runs[i]!.params[name];
    if (v === undefined) continue;
    const text = typeof v === 'number' ? formatNumber(v) : String(v);
    if (text.length > longest) longest = text.length;
  }
  return longest;
}

/** Every column the table can show, keyed for lookup; the visible ones and their order live in the view state. */
export function allColumns(study: StudyDetailDto | null, runs: readonly RunDto[], metricNames: readonly string[]): RunColumn[] {
  const base = runColumns(study?.objectiveMetric ?? 'objective');
  const params = paramNames(study, runs).map((name) => paramColumn(name, isNumericParam(runs, name), longestValue(runs, name)));
  return [...base, ...params, ...metricNames.map(metricColumn)];
}

/** Default layout: run facts, then the hyperparameters that vary (fixed ones are one click away). */
export function defaultVisibleKeys(study: StudyDetailDto | null, runs: readonly RunDto[], tagged = false): string[] {
  const backends = new Set(runs.map((r) => r.backend).filter((b) => b !== null));
  const base = [...DEFAULT_RUN_KEYS, ...(backends.size > 1 ? ['backend'] : []), ...(tagged ? ['tags'] : [])];
  const varying = paramNames(study, runs).filter((name) => {
    const domain = study?.spec.space[name];
    if (domain && domain.type !== 'fixed' && !(domain.type === 'choice' && domain.values.length < 2)) return true;
    return distinctParamValues(runs, name).size > 1;
  });
  return [...base, ...varying.map((n) => `param:${n}`)];
}
