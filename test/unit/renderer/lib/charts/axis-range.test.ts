import { describe, expect, it } from 'vitest';
import { flatRange, formatAxisValue, isUnitBoundedMetric, yAxisRange } from '../../../../../src/renderer/src/lib/charts/axis-range';

describe('formatAxisValue', () => {
  it('keeps 4 significant digits, exponent only for tiny or huge values', () => {
    expect(formatAxisValue(0.3535027567545573)).toBe('0.3535');
    expect(formatAxisValue(1234.5678)).toBe('1235');
    expect(formatAxisValue(0)).toBe('0');
    expect(formatAxisValue(0.00001234)).toBe('1.23e-5');
  });
});

describe('flatRange / yAxisRange', () => {
  it('pads a single point so the axis is not degenerate and its labels differ', () => {
    const range = yAxisRange([0.3535027567545573], false);
    expect(range).toEqual({ min: 0.33, max: 0.37, interval: 0.01 });
    const labels = [0.33, 0.34, 0.35, 0.36, 0.37].map(formatAxisValue);
    expect(new Set(labels).size).toBe(5);
  });

  it('leaves a series with a readable spread to ECharts', () => {
    expect(flatRange(0.2, 0.6)).toBeNull();
    expect(yAxisRange([0.2, 0.6, null], false)).toEqual({});
    expect(yAxisRange([null], false)).toEqual({});
  });

  it('caps [0, 1] metrics at 1 with ticks on round numbers', () => {
    expect(yAxisRange([0.82, 0.93], true)).toEqual({ min: 0.8, max: 1, interval: 0.05 });
    expect(yAxisRange([0.05, 0.5], true)).toEqual({ min: 0, max: 1, interval: 0.2 });
    expect(yAxisRange([1, 1], true)).toEqual({ min: 0.9, max: 1, interval: 0.02 });
  });

  it('knows which metrics are bounded by 1', () => {
    expect(['val_accuracy', 'val_precision', 'recall', 'val_f1', 'auc'].every(isUnitBoundedMetric)).toBe(true);
    expect(['val_loss', 'mse', 'val_mae', 'r2'].some(isUnitBoundedMetric)).toBe(false);
  });
});
