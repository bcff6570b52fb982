import { describe, expect, it } from 'vitest';
import { activeSeconds, budgetUsage, formatBudget, formatSeconds, studyEtaSec } from '../../../../src/shared/analysis/budget';
import { makeRun, makeStudy } from '../../renderer/lib/study-fixtures';

const now = Date.parse('2025-01-01T01:00:00.000Z');
const at = (secAgo: number) => new Date(now - secAgo * 1000).toISOString();

describe('budget used', () => {
  it('counts the time at least one trial ran, not the pause between two sessions', () => {
    const runs = [
      makeRun({ status: 'completed', startedAt: at(3600), endedAt: at(3500) }), // 100 s
      makeRun({ status: 'completed', startedAt: at(3550), endedAt: at(3450) }), // overlaps: +50 s
      // an hour paused, then a running trial
      makeRun({ status: 'running', startedAt: at(30), endedAt: null }),
      makeRun({ status: 'queued', startedAt: null, endedAt: null }),
    ];
    expect(activeSeconds(runs, now)).toBeCloseTo(180);
    // A paused run without an end contributes nothing beyond its own interval.
    expect(activeSeconds([makeRun({ status: 'paused', startedAt: at(10), endedAt: null })], now)).toBe(0);
  });

  it('sets trials, epochs and time against the limits, the most spent one giving the fraction', () => {
    const runs = [makeRun({ epochsDone: 4, startedAt: at(100), endedAt: at(40) }), makeRun({ epochsDone: 2, status: 'pruned', startedAt: at(40), endedAt: at(10) })];
    const u = budgetUsage({ maxTrials: 10, maxEpochs: 8 }, runs, now);
    expect(u.trials).toEqual({ used: 2, max: 10 });
    expect(u.epochs).toEqual({ used: 6, max: 8 });
    expect(u.timeSec).toEqual({ used: 90, max: null });
    expect(u.fraction).toBeCloseTo(0.75);
    expect(formatBudget(u)).toBe('2 / 10 trials · 6 / 8 epochs · 2 min');
    expect(budgetUsage({}, runs, now).fraction).toBeNull();
    expect(formatBudget(budgetUsage({ maxTimeSec: 1800 }, runs, now))).toBe('2 trials · 6 epochs · 2 min of 30 min');
  });

  it('formats durations in seconds, minutes and hours', () => {
    expect(formatSeconds(44.6)).toBe('45 s');
    expect(formatSeconds(720)).toBe('12 min');
    expect(formatSeconds(4800)).toBe('1 h 20 min');
    expect(formatSeconds(3600)).toBe('1 h');
  });
});

describe('time left', () => {
  const base = makeStudy({});
  const running = (budget: object) => ({ ...base, spec: { ...base.spec, budget, concurrency: 2 } });

  it('paces an epoch budget by the epochs trained per second so far', () => {
    // 30 epochs in 60 s of training: 0.5 epochs/s, 70 epochs left → 140 s.
    const runs = [makeRun({ status: 'pruned', epochsDone: 10, startedAt: at(60), endedAt: at(30) }), makeRun({ status: 'running', epochsDone: 20, startedAt: at(40), endedAt: null })];
    expect(studyEtaSec(running({ maxEpochs: 100 }), runs, now)).toBeCloseTo(140);
  });

  it('takes the soonest of the limits, and the time budget caps the rest', () => {
    const runs = [makeRun({ status: 'completed', epochsDone: 10, startedAt: at(60), endedAt: at(0) })];
    expect(studyEtaSec(running({ maxEpochs: 1000, maxTimeSec: 100 }), runs, now)).toBeCloseTo(40);
    expect(studyEtaSec(running({ maxEpochs: 20, maxTimeSec: 1000 }), runs, now)).toBeCloseTo(60);
    expect(studyEtaSec(running({ maxTimeSec: 30 }), runs, now)).toBe(0);
    expect(studyEtaSec({ ...running({ maxTimeSec: 100 }), status: 'completed' }, runs, now)).toBeNull();
  });
});
