import type { Task } from '../../../../../shared/domain/hparams';
import type { ColumnInfo } from '../../import/types';
import type { ColumnBuilder } from './column-builder';
import { formatFloat32 } from './column-builder';
import { csvError } from './csv-error';
import { compareLabels, forEachKept, type KeepMask } from './kept-rows';

/** Up to this many distinct integer values, a numeric target is read as class labels. */
const MAX_INFERRED_CLASSES = 20;
/** More classes than this, even on request, is a regression target or an ID column. */
const MAX_CLASSES = 10_000;

export interface EncodedTarget {
  task: Task;
  classNames: string[];
  y: Float32Array;
  info: ColumnInfo;
  note: string;
}

/**
 * Turns the target column into y: class indices into sorted class names (classification) or values
 * (regression). The task is inferred unless `override` says otherwise; an override that cannot hold
 * for this column is an error rather than a silent change.
 */
export function encodeTarget(file: string, column: ColumnBuilder, keep: KeepMask, rows: number, override: Task | undefined, labels: string[] = []): EncodedTarget {
  const y = new Float32Array(rows);
  if (column.kind === 'categorical') {
    if (override === 'regression') {
      throw csvError(file, `target '${column.name}' holds text (e.g. '${column.categories[0]}'): it cannot be a regression target`);
    }
    const counts = new Array<number>(column.categories.length).fill(0);
    forEachKept(column.codes!, keep, (code) => counts[code]!++);
    const classNames = column.categories.filter((_, code) => counts[code]! > 0).sort(compareLabels);
    const classIndex = new Map(classNames.map((name, index) => [name, index]));
    const remap = column.categories.map((name) => classIndex.get(name) ?? -1);
    forEachKept(column.codes!, keep, (code, row) => (y[row] = remap[code]!));
    const task = classificationTask(file, column.name, classNames, override);
    return { task, classNames, y, info: targetInfo(column, classNames), note: `target '${column.name}': ${task}, ${classNames.length} classes (text labels)` };
  }

  forEachKept(column.numbers!, keep, (value, row) => (y[row] = value));
  const wantsClasses = override === 'binary' || override === 'multiclass';
  const distinct = distinctValues(y, wantsClasses ? MAX_CLASSES : MAX_INFERRED_CLASSES);
  const fewIntegers = distinct !== null && distinct.every(Number.isInteger);
  if (override === 'regression' || (!wantsClasses && !fewIntegers)) {
    if (distinct !== null && distinct.length < 2) throw singleValue(file, column.name, distinct);
    return { task: 'regression', classNames: [], y, info: targetInfo(column, []), note: `target '${column.name}': regression` };
  }
  if (distinct === null) throw csvError(file, `target '${column.name}' has more than ${MAX_CLASSES} distinct values: it cannot be class labels`);
  distinct.sort((a, b) => a - b);
  // Codes 0…k-1 with k names from a metadata line (scikit-learn's iris.csv): the names are the classes.
  const named = labels.length === distinct.length && distinct.every((value, index) => value === index);
  const classNames = named ? labels : distinct.map(formatFloat32);
  const classIndex = new Map(distinct.map((value, index) => [value, index]));
  for (let i = 0; i < y.length; i++) y[i] = classIndex.get(y[i]!)!;
  const task = classificationTask(file, column.name, classNames, override);
  const why = named ? ' (named by the metadata line)' : override === undefined ? ` (${classNames.length} distinct integer values ≤ ${MAX_INFERRED_CLASSES})` : '';
  return { task, classNames, y, info: targetInfo(column, classNames), note: `target '${column.name}': ${task}, classes ${classNames.join(', ')}${why}` };
}

function classificationTask(file: string, name: string, classNames: string[], override: Task | undefined): Task {
  if (classNames.length < 2) throw csvError(file, `target '${name}' has a single class ('${classNames[0] ?? ''}'): nothing to learn`);
  if (override === 'binary' && classNames.length !== 2) {
    throw csvError(file, `target '${name}' has ${classNames.length} classes, so the task cannot be binary`);
  }
  return override ?? (classNames.length === 2 ? 'binary' : 'multiclass');
}

/** Distinct values in order of appearance, or null once there are more than `limit`. */
function distinctValues(values: Float32Array, limit: number): number[] | null {
  const seen = new Set<number>();
  for (const value of values) {
    seen.add(value);
    if (seen.size > limit) return null;
  }
  return [...seen];
}

function singleValue(file: string, name: string, distinct: number[]) {
  return csvError(file, `target '${name}' has a single value (${distinct.map(formatFloat32).join('') || 'none'}): nothing to learn`);
}

function targetInfo(column: ColumnBuilder, classNames: string[]): ColumnInfo {
  return { name: column.name, type: 'target', missing: column.missing, ...(classNames.length > 0 ? { categories: classNames } : {}) };
}
