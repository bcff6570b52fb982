import { describe, expect, it } from 'vitest';
import { paramColumn, runColumns, type RowContext } from '../../../../../src/renderer/src/lib/state/study-view-columns';
import { nextSort, sortRuns, sortRunsBy } from '../../../../../src/renderer/src/lib/state/study-view-sort';
import { makeRun } from '../study-fixtures';

const ctx: RowContext = { lastMetrics: new Map(), now: Date.parse('2025-01-01T00:01:00.000Z') };
const col = (key: string) => runColumns('val_loss').find((c) => c.key === key)!;

describe('sortRuns', () => {
  it('sorts numbers numerically in both directions and keeps missing values last', () => {
    const runs = [makeRun({ bestObjective: 0.5 }), makeRun({ bestObjective: null }), makeRun({ bestObjective: 0.05 }), makeRun({ bestObjective: 2 })];
    expect(sortRuns(runs, col('objective'), 'asc', ctx).map((r) => r.bestObjective)).toEqual([0.05, 0.5, 2, null]);
    expect(sortRuns(runs, col('objective'), 'desc', ctx).map((r) => r.bestObjective)).toEqual([2, 0.5, 0.05, null]);
  });

  it('is stable: equal keys keep their input order', () => {
    const runs = [1, 2, 3, 4].map((i) => makeRun({ trialNumber: i, status: i % 2 ? 'failed' : 'completed' }));
    expect(sortRuns(runs, col('status'), 'asc', ctx).map((r) => r.trialNumber)).toEqual([2, 4, 1, 3]);
    expect(sortRuns(runs, col('status'), 'desc', ctx).map((r) => r.trialNumber)).toEqual([1, 3, 2, 4]);
  });

  it('orders text naturally and puts numbers before text in a mixed column', () => {
    const c = paramColumn('act', false);
    const runs = ['unit_10', 'unit_2', 'Alpha', 3].map((v) => makeRun({ params: { act: v } }));
    expect(sortRuns(runs, c, 'asc', ctx).map((r) => r.params['act'])).toEqual([3, 'Alpha', 'unit_2', 'unit_10']);
  });

  it('measures running trials up to now, and training time without pauses', () => {
    const running = makeRun({ status: 'running', endedAt: null, startedAt: '2025-01-01T00:00:30.000Z', attemptStartedAt: '2025-01-01T00:00:30.000Z', trainedSec: 0 });
    const done = makeRun({ startedAt: '2025-01-01T00:00:00.000Z', endedAt: '2025-01-01T00:00:10.000Z', trainedSec: 10 });
    expect(sortRuns([running, done], col('duration'), 'desc', ctx)).toEqual([running, done]);
    expect(col('duration').value(running, ctx)).toBe(30);
    // Started an hour before, paused after 5 s, resumed 10 s ago: 15 s of training, not an hour.
    const resumed = makeRun({ status: 'running', endedAt: null, startedAt: '2024-12-31T23:01:00.000Z', attemptStartedAt: '2025-01-01T00:00:50.000Z', trainedSec: 5 });
    expect(col('duration').value(resumed, ctx)).toBe(15);
    expect(col('duration').value(makeRun({ status: 'queued', startedAt: null, endedAt: null, trainedSec: 0 }), ctx)).toBeNull();
  });

  it('sorts 10,000 rows into the right order', () => {
    const runs = Array.from({ length: 10_000 }, (_, i) => makeRun({ bestObjective: ((i * 7919) % 10_000) / 100 }));
    const sorted = sortRuns(runs, col('objective'), 'asc', ctx);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.bestObjective! >= sorted[i - 1]!.bestObjective!).toBe(true);
  });
});

describe('sortRunsBy', () => {
  it('breaks ties of the first key by the next ones, missing values last per key', () => {
    const runs = [
      makeRun({ trialNumber: 1, params: { opt: 'sgd' }, bestObjective: 0.5 }),
      makeRun({ trialNumber: 2, params: { opt: 'adam' }, bestObjective: 0.7 }),
      makeRun({ trialNumber: 3, params: { opt: 'sgd' }, bestObjective: 0.2 }),
      makeRun({ trialNumber: 4, params: { opt: 'adam' }, bestObjective: null }),
      makeRun({ trialNumber: 5, params: { opt: 'adam' }, bestObjective: 0.1 }),
    ];
    const by = [
      { column: paramColumn('opt', false), dir: 'asc' as const },
      { column: col('objective'), dir: 'desc' as const },
    ];
    expect(sortRunsBy(runs, by, ctx).map((r) => r.trialNumber)).toEqual([2, 5, 4, 1, 3]);
  });
});

describe('nextSort', () => {
  it('starts a new column in the preferred direction and flips the current one', () => {
    expect(nextSort([{ key: 'trial', dir: 'asc' }], 'objective', 'desc')).toEqual([{ key: 'objective', dir: 'desc' }]);
    expect(nextSort([{ key: 'objective', dir: 'desc' }], 'objective')).toEqual([{ key: 'objective', dir: 'asc' }]);
  });

  it('adds a key on shift-click, flips it in place, keeps at most three with the primary first', () => {
    let s = nextSort([{ key: 'objective', dir: 'asc' }], 'param:opt', 'asc', true);
    expect(s).toEqual([{ key: 'objective', dir: 'asc' }, { key: 'param:opt', dir: 'asc' }]);
    s = nextSort(s, 'param:opt', 'asc', true);
    expect(s[1]).toEqual({ key: 'param:opt', dir: 'desc' });
    s = nextSort(nextSort(s, 'epochs', 'asc', true), 'trial', 'asc', true);
    expect(s.map((k) => k.key)).toEqual(['objective', 'param:opt', 'trial']);
    // A plain click sorts by that column alone again.
    expect(nextSort(s, 'epochs')).toEqual([{ key: 'epochs', dir: 'asc' }]);
  });
});
