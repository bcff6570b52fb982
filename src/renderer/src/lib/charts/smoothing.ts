/**
 * TensorBoard's scalar smoothing: an exponential moving average with debiasing, so the first points
 * are not dragged towards 0 (a plain EMA starting at 0 would make every curve rise from the origin).
 * Missing values (a diverged epoch) stay missing and do not poison the average after them.
 */
export function emaSmooth(values: readonly (number | null)[], weight: number): (number | null)[] {
  const w = Math.min(Math.max(weight, 0), 0.999);
  if (w === 0) return values.slice();
  let last = 0;
  let count = 0;
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return null;
    last = last * w + (1 - w) * v;
    count++;
    return last / (1 - Math.pow(w, count));
  });
}

/** A log axis cannot place 0 or negatives; they become gaps rather than an echarts error. */
export function forLogAxis(values: readonly (number | null)[]): (number | null)[] {
  return values.map((v) => (v !== null && v > 0 ? v : null));
}
