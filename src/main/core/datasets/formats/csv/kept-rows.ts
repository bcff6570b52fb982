import type { ChunkedArray } from './chunked-array';

/** Rows that survive missing-value handling: null when every row does. */
export type KeepMask = Uint8Array | null;

/** Calls `visit(value, keptIndex)` for the values of kept rows, in order. */
export function forEachKept(values: ChunkedArray<'f32' | 'i32'>, keep: KeepMask, visit: (value: number, keptIndex: number) => void): void {
  let kept = 0;
  if (keep === null) values.forEach((value) => visit(value, kept++));
  else values.forEach((value, row) => keep[row] === 1 && visit(value, kept++));
}

/** Sorts labels the way people read them: "2" before "10", "class 9" before "class 10". */
export const compareLabels = new Intl.Collator('en', { numeric: true }).compare;
