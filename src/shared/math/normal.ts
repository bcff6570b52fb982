/**
 * The few Gaussian functions TPE and PED-ANOVA need. erfc is the Chebyshev fit from Numerical
 * Recipes (§6.2, relative error < 1.2e-7 everywhere), plenty for ranking candidates by a density
 * ratio; masses of narrow cells fall back to density × width where the difference of two CDFs
 * would cancel.
 */

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF. */
export const normalCdf = (x: number): number => 0.5 * erfc(-x / Math.SQRT2);

/** log of the standard normal density. */
export const logNormalPdf = (x: number): number => -0.5 * x * x - LOG_SQRT_2PI;

/** Mass of the standard normal on [a, b] (a ≤ b), computed on the side of 0 that does not cancel. */
export function normalMass(a: number, b: number): number {
  if (b - a < 1e-3) return Math.exp(logNormalPdf(0.5 * (a + b))) * (b - a);
  if (a >= 0) return 0.5 * (erfc(a / Math.SQRT2) - erfc(b / Math.SQRT2));
  if (b <= 0) return 0.5 * (erfc(-b / Math.SQRT2) - erfc(-a / Math.SQRT2));
  return normalCdf(b) - normalCdf(a);
}

/** Smallest mass a kernel is credited with, so a far-away component gives log ≈ -690 instead of -Infinity. */
export const MIN_MASS = 1e-300;

/** log Σ exp(v) over the array, stable for large magnitudes. */
export function logSumExp(values: Float64Array | number[], n = values.length): number {
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (values[i]! > max) max = values[i]!;
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.exp(values[i]! - max);
  return max + Math.log(sum);
}
