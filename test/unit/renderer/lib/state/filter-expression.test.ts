import { describe, expect, it } from 'vitest';
import { allColumns, type RowContext } from '../../../../../src/renderer/src/lib/state/study-view-columns';
import { filterRuns, NO_FILTERS } from '../../../../../src/renderer/src/lib/state/study-view-filter';
import { parseFilter } from '../../../../../src/renderer/src/lib/state/filter-expression';
import { makeRun, makeStudy } from '../study-fixtures';

const study = makeStudy({ learning_rate: { type: 'log-float', low: 1e-4, high: 0.1 }, optimizer: { type: 'choice', values: ['adam', 'sgd'] } });
const runs = [
  makeRun({ trialNumber: 1, status: 'completed', params: { learning_rate: 0.05, optimizer: 'adam' }, bestObjective: 0.3, epochsDone: 6 }),
  makeRun({ trialNumber: 2, status: 'failed', params: { learning_rate: 0.005, optimizer: 'adam' }, bestObjective: 0.9, epochsDone: 2 }),
  makeRun({ trialNumber: 3, status: 'completed', params: { learning_rate: 0.02, optimizer: 'sgd' }, bestObjective: 0.4, epochsDone: 6 }),
];
const columns = new Map(allColumns(study, runs, ['val_accuracy']).map((c) => [c.key, c]));
const ctx: RowContext = { lastMetrics: new Map(), now: 0, tags: new Map([[runs[2]!.id, ['keep', 'lr-sweep']]]) };
const shown = (text: string) => filterRuns(runs, { ...NO_FILTERS, text }, columns, ctx, 'val_loss').map((r) => r.trialNumber);

describe('filter expressions', () => {
  it('compares numbers and matches choices, joined by and / or', () => {
    expect(shown('learning_rate > 0.01 and optimizer = adam')).toEqual([1]);
    expect(shown('learning_rate>0.01 optimizer=adam')).toEqual([1]);
    expect(shown('status = failed or epochs < 3')).toEqual([2]);
    expect(shown('optimizer = sgd or learning_rate <= 0.005')).toEqual([2, 3]);
    expect(shown('optimizer != adam')).toEqual([3]);
  });

  it('knows the objective metric, aliases, tags and contains', () => {
    expect(shown('val_loss < 0.35')).toEqual([1]);
    expect(shown('best >= 0.4')).toEqual([2, 3]);
    expect(shown('tag = keep')).toEqual([3]);
    expect(shown('tags ~ sweep')).toEqual([3]);
    expect(shown('trial = 2')).toEqual([2]);
  });

  it('keeps plain words working, tags included', () => {
    expect(shown('adam')).toEqual([1, 2]);
    expect(shown('keep')).toEqual([3]);
    expect(shown('#3')).toEqual([3]);
  });

  it('says what is wrong and filters nothing by text then', () => {
    expect(parseFilter('lr > 0.01', columns).error).toMatch(/unknown column "lr"/);
    expect(parseFilter('learning_rate > fast', columns).error).toMatch(/needs a number, not "fast"/);
    expect(parseFilter('optimizer = adam and', columns).error).toMatch(/ends with "and"/);
    expect(parseFilter('and status = failed', columns).error).toMatch(/needs a condition before it/);
    expect(parseFilter('> 3', columns).error).toMatch(/needs a column name/);
    expect(shown('lr > 0.01')).toEqual([1, 2, 3]);
  });
});
