import type { Task } from '../../../../../shared/domain/hparams';
import { AppError } from '../../../../../shared/result';

/** Above this many distinct whole-number labels a target is more likely a quantity than a class. */
export const MAX_CLASSES = 1000;

export interface EncodedLabels {
  task: Task;
  /** Empty for regression. */
  classNames: string[];
  y: Float32Array;
  testY?: Float32Array;
  note: string;
}

export interface LabelSource {
  /** Names the labels in messages (file or array). */
  label: string;
  values: ArrayLike<number>;
  testValues?: ArrayLike<number>;
  /** Stored as integers or booleans (classes are likely) rather than floats (a quantity is likely). */
  integral: boolean;
  task?: Task;
}

function distinctSorted(values: ArrayLike<number>, more?: ArrayLike<number>): number[] {
  const seen = new Set<number>();
  for (const part of more ? [values, more] : [values]) {
    for (let i = 0; i < part.length; i++) {
      seen.add(part[i]!);
      // Past the cap the exact count no longer changes any decision.
      if (seen.size > MAX_CLASSES) return [...seen].sort((a, b) => a - b);
    }
  }
  return [...seen].sort((a, b) => a - b);
}

function toClassIndices(values: ArrayLike<number>, index: Map<number, number>): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = index.get(values[i]!)!;
  return out;
}

/**
 * Turns raw label values into what RawDataset wants: class indices into sorted class names for
 * classification, the values themselves for regression. The task is inferred from the storage type
 * and the number of distinct values unless the caller overrides it.
 */
export function encodeLabels(src: LabelSource): EncodedLabels {
  const distinct = distinctSorted(src.values, src.testValues);
  const k = distinct.length;
  let task: Task;
  let why: string;
  if (src.task) {
    task = src.task;
    why = `task ${task} as requested`;
  } else if (!src.integral) {
    task = 'regression';
    why = 'float labels: regression';
    if (k <= 20 && distinct.every(Number.isInteger)) why += ` (only ${k} distinct whole values: pass task binary/multiclass to treat them as classes)`;
  } else if (k > MAX_CLASSES) {
    task = 'regression';
    why = `more than ${MAX_CLASSES} distinct integer labels: regression (pass task multiclass to override)`;
  } else {
    task = k <= 2 ? 'binary' : 'multiclass';
    why = `${k} distinct integer labels: ${task}`;
  }

  if (task === 'regression') {
    return {
      task,
      classNames: [],
      y: Float32Array.from(src.values),
      ...(src.testValues ? { testY: Float32Array.from(src.testValues) } : {}),
      note: `${src.label}: ${why}`,
    };
  }
  if (k < 2) throw new AppError('invalid_input', `${src.label}: every label is ${distinct[0]}: a target needs at least two classes`);
  if (task === 'binary' && k !== 2) throw new AppError('invalid_input', `${src.label}: task binary needs exactly 2 classes, found ${k > MAX_CLASSES ? `over ${MAX_CLASSES}` : k}`);
  if (k > MAX_CLASSES) throw new AppError('invalid_input', `${src.label}: over ${MAX_CLASSES} distinct labels is too many classes for ${task}`);
  const index = new Map(distinct.map((v, i) => [v, i]));
  return {
    task,
    classNames: distinct.map(String),
    y: toClassIndices(src.values, index),
    ...(src.testValues ? { testY: toClassIndices(src.testValues, index) } : {}),
    note: `${src.label}: ${why}`,
  };
}
