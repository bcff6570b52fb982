import { describe, expect, it } from 'vitest';
import { axisValue } from '../../../../../src/renderer/src/lib/charts/parallel-axes';
import { metricColumn, paramColumn, runColumns, type RowContext } from '../../../../../src/renderer/src/lib/state/study-view-columns';
import { brushRuns, filterRuns, hasActiveFilters, NO_FILTERS } from '../../../../../src/renderer/src/lib/state/study-view-filter';
import { makeRun } from '../study-fixtures';

const columns = new Map([...runColumns('val_loss'), paramColumn('learning_rate', true), metricColumn('val_accuracy')].map((c) => [c.key, c]));

const runs = [
  makeRun({ id: 1, status: 'completed', params: { optimizer: 'adam', learning_rate: 0.001 }, bestObjective: 0.3 }),
  makeRun({ id: 2, status: 'failed', params: { optimizer: 'sgd', learning_rate: 0.1 }, bestObjective: null }),
  makeRun({ id: 3, status: 'running', params: { optimizer: 'adam', learning_rate: 0.01 }, bestObjective: 0.6 }),
];
const ctx: RowContext = { lastMetrics: new Map([[1, { val_accuracy: 0.9 }], [3, { val_accuracy: 0.7 }]]), now: 0 };
const ids = (rs: { id: number }[]) => rs.map((r) => r.id);

describe('filterRuns', () => {
  it('keeps everything without filters', () => {
    expect(ids(filterRuns(runs, NO_FILTERS, columns, ctx))).toEqual([1, 2, 3]);
    expect(hasActiveFilters(NO_FILTERS)).toBe(false);
  });

  it('matches every word of the text against status and params, case-insensitively', () => {
    expect(ids(filterRuns(runs, { ...NO_FILTERS, text: 'ADAM' }, columns, ctx))).toEqual([1, 3]);
    expect(ids(filterRuns(runs, { ...NO_FILTERS, text: 'adam running' }, columns, ctx))).toEqual([3]);
    expect(ids(filterRuns(runs, { ...NO_FILTERS, text: 'learning_rate=0.1' }, columns, ctx))).toEqual([2]);
  });

  it('filters by status set', () => {
    expect(ids(filterRuns(runs, { ...NO_FILTERS, statuses: new Set(['failed', 'running'] as const) }, columns, ctx))).toEqual([2, 3]);
  });

  it('applies inclusive numeric ranges, and rows without a value fail a bounded column', () => {
    const f = { ...NO_FILTERS, ranges: { objective: { min: null, max: 0.3 } } };
    expect(ids(filterRuns(runs, f, columns, ctx))).toEqual([1]);
    const lr = { ...NO_FILTERS, ranges: { 'param:learning_rate': { min: 0.005, max: 1 } } };
    expect(ids(filterRuns(runs, lr, columns, ctx))).toEqual([2, 3]);
    const metric = { ...NO_FILTERS, ranges: { 'metric:val_accuracy': { min: 0.8, max: null } } };
    expect(ids(filterRuns(runs, metric, columns, ctx))).toEqual([1]);
  });
});

describe('brushRuns', () => {
  it('keeps rows inside every brushed axis (intervals in either order)', () => {
    expect(ids(brushRuns(runs, { 'param:learning_rate': { intervals: [[0.05, 0.005]] } }, axisValue))).toEqual([3]);
    expect(ids(brushRuns(runs, { 'param:learning_rate': { intervals: [[0, 0.002], [0.05, 1]] } }, axisValue))).toEqual([1, 2]);
    const both = { 'param:learning_rate': { intervals: [[0, 1]] as [number, number][] }, objective: { intervals: [[0, 0.5]] as [number, number][] } };
    expect(ids(brushRuns(runs, both, axisValue))).toEqual([1]);
  });

  it('matches category brushes by label', () => {
    expect(ids(brushRuns(runs, { 'param:optimizer': { intervals: [[1, 1]], categories: ['sgd'] } }, axisValue))).toEqual([2]);
  });

  it('ignores axes whose brush was cleared', () => {
    expect(ids(brushRuns(runs, { objective: { intervals: [] } }, axisValue))).toEqual([1, 2, 3]);
  });
});
