/**
 * What a run's learning curves say about its fit, as a pure function of the curves (loss, val_loss and
 * the learning rate per epoch): diverged (a non-finite or exploding loss, with the learning rate at
 * that epoch), over-fitting (validation loss rising from some epoch on while the training loss keeps
 * falling), under-fitting (both losses high and flat), a good fit, or not enough epochs to tell.
 */

/** Per epoch (index 0 = epoch 1); null where the trainer reported a non-finite value or none. */
export interface FitCurves {
  loss: readonly (number | null)[];
  valLoss: readonly (number | null)[];
  lr: readonly (number | null)[];
}

export type FitDiagnosis =
  | { kind: 'diverged'; epoch: number; metric: 'loss' | 'val_loss'; value: number | null; lr: number | null }
  | { kind: 'overfitting'; fromEpoch: number; bestEpoch: number; bestValLoss: number; finalValLoss: number }
  | { kind: 'underfitting'; finalLoss: number; finalValLoss: number | null; reference: string; trend: 'flat' | 'falling' }
  | { kind: 'good' }
  | { kind: 'unknown'; reason: string };

export type FitKind = FitDiagnosis['kind'];
export const FIT_KINDS: readonly FitKind[] = ['overfitting', 'underfitting', 'diverged', 'good', 'unknown'];

export interface FitOptions {
  /**
   * The loss of a model that learned nothing (classification: ln 2 for binary cross-entropy, ln k for
   * k classes). Without it under-fitting is judged by the curve alone (it barely moved from epoch 1).
   */
  chanceLoss?: number | null;
}

/** Fewer epochs say nothing about a trend. */
export const MIN_EPOCHS = 3;
/** Validation loss this much (relative) above its minimum counts as rising. */
export const RISE = 0.05;
/** A training loss this many times its first epoch's value is an explosion. */
export const EXPLOSION = 10;
/** Without a chance level: a final training loss at or above this share of epoch 1's learned nothing much. */
export const LEARNED = 0.8;
/** The last third moving less than this (relative) is flat. */
export const FLAT = 0.02;
/** Under-fitting: still above this share of the chance loss at the end. */
export const HIGH_SHARE = 0.8;

export function diagnoseFit(curves: FitCurves, opts: FitOptions = {}): FitDiagnosis {
  const epochs = Math.max(curves.loss.length, curves.valLoss.length);
  const diverged = findDivergence(curves, epochs);
  if (diverged) return diverged;
  if (epochs < MIN_EPOCHS) return { kind: 'unknown', reason: `${epochs} epoch${epochs === 1 ? '' : 's'}: too few to judge` };
  const loss = curves.loss as number[];
  const val = curves.valLoss as number[];
  if (val.length >= MIN_EPOCHS) {
    const over = findOverfitting(loss, val);
    if (over) return over;
  }
  const under = findUnderfitting(loss, val, opts.chanceLoss ?? null);
  return under ?? { kind: 'good' };
}

function findDivergence(c: FitCurves, epochs: number): FitDiagnosis | null {
  const first = c.loss[0];
  for (let e = 0; e < epochs; e++) {
    for (const metric of ['loss', 'val_loss'] as const) {
      const series = metric === 'loss' ? c.loss : c.valLoss;
      if (e >= series.length) continue;
      const v = series[e];
      const exploded = metric === 'loss' && typeof v === 'number' && typeof first === 'number' && first > 0 && v > EXPLOSION * first;
      if (v === null || v === undefined || !Number.isFinite(v) || exploded) {
        return { kind: 'diverged', epoch: e + 1, metric, value: v !== null && v !== undefined && Number.isFinite(v) ? v : null, lr: c.lr[e] ?? null };
      }
    }
  }
  return null;
}

function findOverfitting(loss: readonly number[], val: readonly number[]): FitDiagnosis | null {
  let best = 0;
  for (let e = 1; e < val.length; e++) if (val[e]! < val[best]!) best = e;
  const after = val.slice(best + 1);
  if (after.length < 2) return null;
  const min = val[best]!;
  const final = val[val.length - 1]!;
  const threshold = min + Math.max(Math.abs(min) * RISE, 1e-6);
  // The rise must hold (most epochs after the minimum above it), not be one noisy epoch.
  const above = after.filter((v) => v > min + Math.max(Math.abs(min) * (RISE / 2), 1e-6)).length;
  if (final <= threshold || above * 2 < after.length) return null;
  const trainAtBest = loss[best];
  const trainFinal = loss[loss.length - 1];
  if (trainAtBest === undefined || trainFinal === undefined || trainFinal >= trainAtBest) return null;
  return { kind: 'overfitting', fromEpoch: best + 2, bestEpoch: best + 1, bestValLoss: min, finalValLoss: final };
}

/**
 * Both losses high: near the chance level when it is known (flat, or still falling when the run ended
 * too soon to get anywhere), or, without one, flat and barely below epoch 1's.
 */
function findUnderfitting(loss: readonly number[], val: readonly number[], chance: number | null): FitDiagnosis | null {
  const final = loss[loss.length - 1]!;
  const finalVal = val.length > 0 ? val[val.length - 1]! : null;
  const third = Math.max(2, Math.ceil(loss.length / 3));
  const tail = loss.slice(-third);
  const drop = (tail[0]! - tail[tail.length - 1]!) / Math.max(Math.abs(tail[0]!), 1e-12);
  const trend = drop < FLAT ? 'flat' : 'falling';
  const lowest = Math.min(final, finalVal ?? final);
  if (chance !== null && chance > 0) {
    if (lowest < HIGH_SHARE * chance) return null;
    return { kind: 'underfitting', finalLoss: final, finalValLoss: finalVal, reference: `a model that learned nothing scores ${round(chance)}`, trend };
  }
  const first = loss[0]!;
  if (trend === 'falling' || final < LEARNED * first) return null; // it learned something: well below epoch 1
  return { kind: 'underfitting', finalLoss: final, finalValLoss: finalVal, reference: `epoch 1 scored ${round(first)}`, trend };
}

const round = (v: number) => Number(v.toPrecision(3)).toString();
const fmtLr = (v: number | null) => (v === null ? 'unknown' : Number(v.toPrecision(3)).toString());

/** One sentence for the run page and the CLI. */
export function describeFit(d: FitDiagnosis): string {
  switch (d.kind) {
    case 'diverged':
      return `Diverged at epoch ${d.epoch}: ${d.metric} ${d.value === null ? 'became NaN or infinite' : `exploded to ${round(d.value)}`} at learning rate ${fmtLr(d.lr)}; try a lower learning_rate (or warm-up, or gradient-friendly initializers).`;
    case 'overfitting':
      return `Over-fitting from epoch ${d.fromEpoch}: val_loss was lowest at epoch ${d.bestEpoch} (${round(d.bestValLoss)}) and rose to ${round(d.finalValLoss)} while the training loss kept falling; regularize (dropout, l2, early_stopping) or train fewer epochs.`;
    case 'underfitting':
      return d.trend === 'flat'
        ? `Under-fitting: the training loss is high and flat (${round(d.finalLoss)}${d.finalValLoss === null ? '' : `, val_loss ${round(d.finalValLoss)}`}; ${d.reference}); give the model more capacity or a higher learning rate.`
        : `Under-fitting: both losses are still high (${round(d.finalLoss)}${d.finalValLoss === null ? '' : `, val_loss ${round(d.finalValLoss)}`}; ${d.reference}) and still falling when training ended; train longer or raise the learning rate.`;
    case 'good':
      return 'Good fit: validation loss did not rise and the losses went down.';
    case 'unknown':
      return `Fit not judged: ${d.reason}.`;
  }
}

/** Short labels for badges and counts. */
export const FIT_LABELS: Record<FitKind, string> = {
  overfitting: 'over-fit',
  underfitting: 'under-fit',
  diverged: 'diverged',
  good: 'good fit',
  unknown: '—',
};

/**
 * The chance-level loss of a classification task: the cross-entropy of the best constant predictor
 * (the class prior), i.e. the entropy of the training labels when their counts are known (imbalanced
 * data has a lower bar than ln k), else ln k. null for regression.
 */
export function chanceLossFor(task: 'binary' | 'multiclass' | 'regression', classes: number, trainCounts?: readonly number[]): number | null {
  if (task === 'regression') return null;
  const k = task === 'binary' ? 2 : classes;
  const total = trainCounts?.reduce((a, b) => a + b, 0) ?? 0;
  if (trainCounts && total > 0) return -trainCounts.reduce((h, c) => (c > 0 ? h + (c / total) * Math.log(c / total) : h), 0);
  return k >= 2 ? Math.log(k) : null;
}

/** One curve indexed by epoch (index 0 = epoch 1) from its steps and values. */
export function byEpoch(steps: readonly number[], values: readonly (number | null)[]): (number | null)[] {
  const out: (number | null)[] = [];
  steps.forEach((step, i) => (out[step - 1] = values[i] ?? null));
  // An epoch without a point (a gap in an old curve) repeats the one before: a gap is no divergence.
  for (let i = 1; i < out.length; i++) if (!(i in out)) out[i] = out[i - 1]!;
  return out;
}

/** Curves from metric points as the store and the contract hand them out. */
export function curvesFromPoints(points: readonly { name: string; step: number; value: number | null }[]): FitCurves {
  const series = (name: string) => {
    const named = points.filter((p) => p.name === name);
    return byEpoch(
      named.map((p) => p.step),
      named.map((p) => p.value),
    );
  };
  return { loss: series('loss'), valLoss: series('val_loss'), lr: series('lr') };
}
