import { describe, expect, it } from 'vitest';
import { assignColors, RUN_COLORS } from '../../../../../src/renderer/src/lib/state/run-colors';
import { plannedEpochs, studyEtaSec } from '../../../../../src/shared/analysis/budget';
import { formatEta } from '../../../../../src/renderer/src/lib/state/study-eta';
import { moveCursor } from '../../../../../src/renderer/src/lib/state/study-view-selection';
import { makeRun, makeStudy } from '../study-fixtures';

describe('assignColors', () => {
  it('keeps a shown run in its colour when others come and go, and never repeats one', () => {
    const first = assignColors(new Map(), [1, 2, 3]);
    expect([...first.values()]).toEqual(RUN_COLORS.slice(0, 3));
    const next = assignColors(first, [3, 4, 1]);
    expect(next.get(3)).toBe(first.get(3));
    expect(next.get(1)).toBe(first.get(1));
    expect(next.get(4)).toBe(first.get(2)); // the colour run 2 gave up
    expect(new Set(next.values()).size).toBe(3);
  });
});

describe('moveCursor', () => {
  const ids = [10, 20, 30, 40];
  it('moves, clamps at the ends and jumps to either end', () => {
    expect(moveCursor(ids, null, 1)).toBe(10);
    expect(moveCursor(ids, 20, 1)).toBe(30);
    expect(moveCursor(ids, 40, 1)).toBe(40);
    expect(moveCursor(ids, 20, -5)).toBe(10);
    expect(moveCursor(ids, 20, Infinity)).toBe(40);
    expect(moveCursor(ids, 30, -Infinity)).toBe(10);
    expect(moveCursor(ids, 99, 1)).toBe(10); // filtered away: start over
    expect(moveCursor([], 10, 1)).toBeNull();
  });
});

describe('study ETA', () => {
  const now = Date.parse('2025-01-01T00:10:00.000Z');
  const at = (sec: number) => new Date(now - sec * 1000).toISOString();
  const study = { ...makeStudy({}), spec: { ...makeStudy({}).spec, budget: { maxTrials: 6 }, concurrency: 2 } };

  it('paces the trials left by the finished ones, shared among the slots', () => {
    const runs = [
      makeRun({ status: 'completed', startedAt: at(100), endedAt: at(80), params: { epochs: 4 } }), // 20 s
      makeRun({ status: 'completed', startedAt: at(80), endedAt: at(40), params: { epochs: 4 } }), // 40 s
      makeRun({ status: 'running', startedAt: at(10), endedAt: null, epochsDone: 2, params: { epochs: 4 } }),
      makeRun({ status: 'running', startedAt: at(5), endedAt: null, epochsDone: 0, params: { epochs: 4 } }),
    ];
    // 6 trials − 2 done − 0.5 in progress = 3.5 trials × 30 s / 2 slots
    expect(studyEtaSec(study, runs, now)).toBeCloseTo(52.5);
    expect(studyEtaSec({ ...study, status: 'paused' }, runs, now)).toBeNull();
  });

  it('extrapolates from running trials before any finished, and says nothing with nothing to go on', () => {
    const running = [makeRun({ status: 'running', startedAt: at(10), endedAt: null, epochsDone: 1, params: { epochs: 5 } })];
    expect(studyEtaSec(study, running, now)).toBeCloseTo(((6 - 0.2) * 50) / 2);
    expect(studyEtaSec(study, [makeRun({ status: 'running', startedAt: at(1), endedAt: null, epochsDone: 0 })], now)).toBeNull();
  });

  it('reads epochs from the params (default 20) and formats minutes', () => {
    expect(plannedEpochs(makeRun({ params: { epochs: 6 } }))).toBe(6);
    expect(plannedEpochs(makeRun({ params: {} }))).toBe(20);
    expect(formatEta(52)).toBe('about 50 s left');
    expect(formatEta(185)).toBe('about 3 min left');
    expect(formatEta(4900)).toBe('about 1 h 22 min left');
  });
});
