import { describe, expect, it } from 'vitest';
import { curveOption, epochTooltip, isScheduleMetric } from '../../../../../src/renderer/src/lib/charts/curve-option';
import { bestIndex, configRows } from '../../../../../src/renderer/src/lib/state/compare.svelte';
import { makeRun } from '../study-fixtures';

describe('curves', () => {
  it('says "Epoch 5", never "5.00", and formats values', () => {
    const text = epochTooltip([
      { seriesName: '#3', value: [5, 0.123456], color: '#2f6fde' },
      { seriesName: '#4', value: [5, null] },
    ]);
    expect(text).toMatch(/^Epoch 5<br\/>/);
    expect(text).toContain('#3: <b>0.1235</b>');
    expect(text).toContain('#4: <b>—</b>');
  });

  it('draws a run in the colour it is given and labels only whole epochs', () => {
    const option = curveOption({ curves: [{ key: '1', label: '#1', steps: [1, 2], values: [0.5, 0.4], color: '#abcdef' }], smoothing: 0, logY: false });
    expect((option.series as { lineStyle: { color: string } }[])[0]!.lineStyle.color).toBe('#abcdef');
    const fmt = (option.xAxis as { axisLabel: { formatter: (v: number) => string } }).axisLabel.formatter;
    expect([fmt(2), fmt(2.5)]).toEqual(['2', '']);
  });

  it('knows the learning rate is a schedule (never smoothed)', () => {
    expect(isScheduleMetric('lr')).toBe(true);
    expect(isScheduleMetric('learning_rate')).toBe(true);
    expect(isScheduleMetric('val_loss')).toBe(false);
  });
});

describe('comparison', () => {
  it('lines up every hyperparameter and marks those that differ', () => {
    const rows = configRows([makeRun({ params: { lr: 0.1, units: 8 } }), makeRun({ params: { lr: 0.2, units: 8, dropout: 0.1 } })]);
    expect(rows).toEqual([
      { name: 'dropout', values: [null, 0.1], differs: true },
      { name: 'lr', values: [0.1, 0.2], differs: true },
      { name: 'units', values: [8, 8], differs: false },
    ]);
  });

  it('finds the best of a row in its direction, and none with fewer than two values', () => {
    expect(bestIndex([0.3, 0.1, null], false)).toBe(1);
    expect(bestIndex([0.3, 0.9, 0.5], true)).toBe(1);
    expect(bestIndex([0.3, null], false)).toBe(-1);
  });
});
