import type { RunDto, StudyDetailDto } from '../../../../shared/contract';
import { distinctParamValues, paramCell, paramNames, type CellValue } from '../state/study-view-columns';

export interface ParallelAxisSpec {
  /** `param:<name>` or `objective`: the same keys as the table's columns, so brushes and filters share them. */
  key: string;
  label: string;
  type: 'value' | 'log' | 'category';
  /** Category axes: labels in axis order (echarts reports brushes on them as indices into this list). */
  categories?: string[];
  /**
   * Numeric hyperparameter axes span the search space (int 1..3 is drawn 1..3, dropout 0..0.5), widened
   * only where a clone went outside it; without it the axis would magnify whatever the runs happened to
   * draw. Unset for the objective, which fits its values.
   */
  min?: number;
  max?: number;
  /** Whole numbers only: ticks fall on integers. */
  integer?: boolean;
}

export const OBJECTIVE_AXIS = 'objective';

export function axisValue(axisKey: string, run: RunDto): CellValue {
  if (axisKey === OBJECTIVE_AXIS) return run.bestObjective;
  return paramCell(run.params[axisKey.slice('param:'.length)]);
}

function categoriesOf(runs: readonly RunDto[], name: string, declared: readonly unknown[]): string[] {
  const labels = declared.map(String);
  const seen = new Set(labels);
  for (const run of runs) {
    const v = run.params[name];
    if (v !== undefined && !seen.has(String(v))) {
      seen.add(String(v));
      labels.push(String(v));
    }
  }
  return labels;
}

function paramAxis(study: StudyDetailDto | null, runs: readonly RunDto[], name: string): ParallelAxisSpec {
  const key = `param:${name}`;
  const domain = study?.spec.space[name];
  const values = runs.map((r) => r.params[name]).filter((v) => v !== undefined);
  const allNumeric = values.every((v) => typeof v === 'number');
  if (domain?.type === 'choice' || !allNumeric) {
    const declared = domain?.type === 'choice' ? domain.values : [];
    return { key, label: name, type: 'category', categories: categoriesOf(runs, name, declared) };
  }
  // A clone may have overridden a log-float param with 0; such a value cannot sit on a log axis.
  const logOk = domain?.type === 'log-float' && values.every((v) => (v as number) > 0);
  const nums = values as number[];
  const ranged = domain?.type === 'int' || domain?.type === 'float' || domain?.type === 'log-float';
  const lo = Math.min(...(ranged ? [domain.low] : []), ...nums);
  const hi = Math.max(...(ranged ? [domain.high] : []), ...nums);
  const integer = domain?.type === 'int' || (!ranged && nums.length > 0 && nums.every(Number.isInteger));
  const bounds = ranged && Number.isFinite(lo) && Number.isFinite(hi) && hi > lo ? { min: lo, max: hi } : {};
  return { key, label: name, type: logOk ? 'log' : 'value', ...bounds, ...(integer ? { integer: true } : {}) };
}

/**
 * One axis per hyperparameter that varies among `runs` (or whose domain can vary), then the objective.
 * Losses spanning several decades get a log objective axis, where the good runs would otherwise be
 * squashed into one pixel at the bottom.
 */
export function parallelAxes(study: StudyDetailDto | null, runs: readonly RunDto[]): ParallelAxisSpec[] {
  const names = paramNames(study, runs).filter((name) => {
    const d = study?.spec.space[name];
    const canVary = d !== undefined && d.type !== 'fixed' && !(d.type === 'choice' && d.values.length < 2);
    return canVary || distinctParamValues(runs, name).size > 1;
  });
  const objectives = runs.map((r) => r.bestObjective).filter((v): v is number => v !== null && Number.isFinite(v));
  const min = Math.min(...objectives);
  const max = Math.max(...objectives);
  const logObjective = objectives.length > 1 && min > 0 && max / min > 100;
  const label = study ? `${study.objectiveMetric} (${study.objectiveDirection === 'minimize' ? 'min' : 'max'})` : 'objective';
  return [
    ...names.map((name) => paramAxis(study, runs, name)),
    { key: OBJECTIVE_AXIS, label, type: logObjective ? 'log' : 'value' },
  ];
}

/** Category brushes arrive as ordinal intervals; the labels they cover are what a row is matched on. */
export function categoriesInIntervals(categories: readonly string[], intervals: readonly [number, number][]): string[] {
  return categories.filter((_, i) => intervals.some(([a, b]) => i >= Math.min(a, b) - 0.5 && i <= Math.max(a, b) + 0.5));
}
