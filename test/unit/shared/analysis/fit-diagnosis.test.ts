import { describe, expect, it } from 'vitest';
import { chanceLossFor, curvesFromPoints, describeFit, diagnoseFit, type FitCurves } from '../../../../src/shared/analysis/fit-diagnosis';
import { summarizeFits } from '../../../../src/shared/analysis/fit-summary';

const lr = (n: number, v = 0.01) => Array.from({ length: n }, () => v);
const curves = (loss: (number | null)[], valLoss: (number | null)[], rates = lr(loss.length)): FitCurves => ({ loss, valLoss, lr: rates });

describe('diagnoseFit on hand-made curves', () => {
  it('over-fitting: val_loss lowest at epoch 4, rising after while the training loss keeps falling', () => {
    const d = diagnoseFit(curves([1.0, 0.7, 0.5, 0.4, 0.3, 0.22, 0.15, 0.1], [1.0, 0.75, 0.6, 0.55, 0.58, 0.63, 0.7, 0.8]));
    expect(d).toEqual({ kind: 'overfitting', fromEpoch: 5, bestEpoch: 4, bestValLoss: 0.55, finalValLoss: 0.8 });
    expect(describeFit(d)).toMatch(/^Over-fitting from epoch 5: val_loss was lowest at epoch 4 \(0\.55\) and rose to 0\.8/);
  });

  it('a single noisy uptick in val_loss is not over-fitting', () => {
    expect(diagnoseFit(curves([1, 0.8, 0.6, 0.5, 0.45, 0.4, 0.38], [1, 0.8, 0.6, 0.5, 0.56, 0.51, 0.5])).kind).toBe('good');
  });

  it('val_loss rising while the training loss rises too is not over-fitting', () => {
    expect(diagnoseFit(curves([0.5, 0.4, 0.45, 0.5, 0.55], [0.5, 0.4, 0.5, 0.6, 0.7])).kind).not.toBe('overfitting');
  });

  it('under-fitting against the chance level: both losses high and flat', () => {
    const d = diagnoseFit(curves([0.70, 0.69, 0.69, 0.69, 0.69, 0.69], [0.70, 0.69, 0.69, 0.69, 0.69, 0.69]), { chanceLoss: chanceLossFor('binary', 2) });
    expect(d.kind).toBe('underfitting');
    expect(describeFit(d)).toMatch(/Under-fitting: the training loss is high and flat \(0\.69, val_loss 0\.69; a model that learned nothing scores 0\.693\)/);
  });

  it('the chance level is the entropy of the training labels (imbalanced data sets a lower bar)', () => {
    expect(chanceLossFor('binary', 2)).toBeCloseTo(Math.log(2), 12);
    expect(chanceLossFor('multiclass', 4, [25, 25, 25, 25])).toBeCloseTo(Math.log(4), 12);
    expect(chanceLossFor('binary', 2, [90, 10])).toBeCloseTo(-(0.9 * Math.log(0.9) + 0.1 * Math.log(0.1)), 12);
    expect(chanceLossFor('regression', 0)).toBeNull();
    // 0.33 on 90/10 data is what predicting the prior scores: under-fitting, though far below ln 2.
    const flat = curves([0.34, 0.33, 0.33, 0.33, 0.33], [0.34, 0.33, 0.33, 0.33, 0.33]);
    expect(diagnoseFit(flat, { chanceLoss: chanceLossFor('binary', 2, [90, 10]) }).kind).toBe('underfitting');
  });

  it('near the chance level and still falling when training ended: under-fitting, train longer', () => {
    const d = diagnoseFit(curves([0.822, 0.76, 0.709, 0.665], [0.79, 0.736, 0.691, 0.654]), { chanceLoss: Math.log(2) });
    expect(d).toMatchObject({ kind: 'underfitting', trend: 'falling' });
    expect(describeFit(d)).toMatch(/still falling when training ended; train longer or raise the learning rate/);
  });

  it('a flat but low loss is a good fit, not under-fitting', () => {
    expect(diagnoseFit(curves([0.7, 0.2, 0.1, 0.1, 0.1, 0.1], [0.7, 0.25, 0.15, 0.15, 0.15, 0.15]), { chanceLoss: Math.log(2) }).kind).toBe('good');
  });

  it('without a chance level (regression): flat and barely below epoch 1 is under-fitting', () => {
    expect(diagnoseFit(curves([10, 9.8, 9.7, 9.7, 9.7, 9.7], [10, 9.9, 9.8, 9.8, 9.8, 9.8])).kind).toBe('underfitting');
    expect(diagnoseFit(curves([10, 4, 2, 2, 2, 2], [10, 4.2, 2.1, 2.1, 2.1, 2.1])).kind).toBe('good');
  });

  it('divergence: a non-finite loss, with the learning rate of that epoch', () => {
    const d = diagnoseFit(curves([0.9, 0.8, null], [0.9, 0.85, null], [0.1, 0.2, 0.4]));
    expect(d).toEqual({ kind: 'diverged', epoch: 3, metric: 'loss', value: null, lr: 0.4 });
    expect(describeFit(d)).toBe('Diverged at epoch 3: loss became NaN or infinite at learning rate 0.4; try a lower learning_rate (or warm-up, or gradient-friendly initializers).');
  });

  it('divergence: an explosion without NaN (loss ten times its first value)', () => {
    const d = diagnoseFit(curves([1, 0.9, 3, 40, 900], [1, 0.95, 3, 50, 1000], [0.5, 0.5, 0.5, 0.5, 0.5]));
    expect(d).toMatchObject({ kind: 'diverged', epoch: 4, metric: 'loss', value: 40, lr: 0.5 });
  });

  it('a diverged first epoch is judged even though it is too short for a trend', () => {
    expect(diagnoseFit(curves([null], [null], [1])).kind).toBe('diverged');
    expect(diagnoseFit(curves([0.5, 0.4], [0.5, 0.45]))).toEqual({ kind: 'unknown', reason: '2 epochs: too few to judge' });
  });

  it('reads curves from metric points, gaps repeating the epoch before', () => {
    const c = curvesFromPoints([
      { name: 'loss', step: 1, value: 1 },
      { name: 'loss', step: 3, value: 0.5 },
      { name: 'val_loss', step: 1, value: 1.1 },
      { name: 'lr', step: 1, value: 0.01 },
      { name: 'accuracy', step: 1, value: 0.3 },
    ]);
    expect(c).toEqual({ loss: [1, 1, 0.5], valLoss: [1.1], lr: [0.01] });
  });
});

describe('summarizeFits', () => {
  const over = diagnoseFit(curves([1, 0.7, 0.5, 0.4, 0.3, 0.2], [1, 0.7, 0.6, 0.7, 0.8, 0.9]));
  const good = diagnoseFit(curves([1, 0.7, 0.5, 0.4, 0.3, 0.2], [1, 0.7, 0.6, 0.5, 0.45, 0.44]));
  const diverged = diagnoseFit(curves([1, null], [1, null], [0.3, 0.3]));

  it('counts each kind and says regularization belongs in the space when half the runs over-fit', () => {
    const s = summarizeFits([over, over, good, good], { learning_rate: { type: 'log-float', low: 1e-4, high: 0.1 } });
    expect(s.counts).toEqual({ overfitting: 2, underfitting: 0, diverged: 0, good: 2, unknown: 0 });
    expect(s.advice).toEqual(['2 of 4 judged runs over-fit: regularization belongs in the space (dropout, l2, early_stopping not searched).']);
  });

  it('names the lowest learning rate runs diverged at', () => {
    const s = summarizeFits([diverged, good, good], {});
    expect(s.advice).toEqual(['1 of 3 judged runs diverged, at learning rates from 0.3: cap learning_rate below that.']);
  });

  it('says nothing when no problem is common', () => {
    expect(summarizeFits([good, good, good, over], { dropout: { type: 'float', low: 0, high: 0.5 } }).advice).toEqual([]);
  });
});
