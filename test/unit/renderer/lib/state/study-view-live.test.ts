import { describe, expect, it } from 'vitest';
import { appendEpochPoints, applyEpoch, bestRun, defaultCurveRunIds, orderMetricNames, pickBestRun } from '../../../../../src/renderer/src/lib/state/study-view-live';
import { makeRun } from '../study-fixtures';

const min = { metric: 'val_loss', direction: 'minimize' as const };

describe('applyEpoch', () => {
  it('moves epochs, final and best objective with the event', () => {
    const run = makeRun({ epochsDone: 2, bestObjective: 0.5, bestEpoch: 2, finalObjective: 0.5 });
    const worse = applyEpoch(run, { runId: run.id, epoch: 3, metrics: { val_loss: 0.7 } }, min);
    expect(worse).toMatchObject({ epochsDone: 3, finalObjective: 0.7, bestObjective: 0.5, bestEpoch: 2 });
    const better = applyEpoch(worse, { runId: run.id, epoch: 4, metrics: { val_loss: 0.2 } }, min);
    expect(better).toMatchObject({ epochsDone: 4, finalObjective: 0.2, bestObjective: 0.2, bestEpoch: 4 });
    expect(run.epochsDone).toBe(2); // the input row is not mutated
  });

  it('a diverged epoch (null) becomes the final value but never the best', () => {
    const run = makeRun({ epochsDone: 1, bestObjective: 0.5, finalObjective: 0.5 });
    expect(applyEpoch(run, { runId: run.id, epoch: 2, metrics: { val_loss: null } }, min)).toMatchObject({ finalObjective: null, bestObjective: 0.5 });
  });
});

describe('appendEpochPoints', () => {
  it('appends in name/step order and replaces an epoch rewritten after a resume', () => {
    const pts = [
      { name: 'loss', step: 1, value: 1, wallTime: 0 },
      { name: 'loss', step: 2, value: 0.9, wallTime: 0 },
    ];
    const out = appendEpochPoints(pts, { runId: 1, epoch: 2, metrics: { loss: 0.8, acc: 0.6 } }, 5);
    expect(out.map((p) => [p.name, p.step, p.value])).toEqual([['acc', 2, 0.6], ['loss', 1, 1], ['loss', 2, 0.8]]);
  });
});

describe('bestRun / defaultCurveRunIds', () => {
  it('picks the best by direction, earliest trial on ties', () => {
    const runs = [makeRun({ trialNumber: 1, bestObjective: 0.4 }), makeRun({ trialNumber: 2, bestObjective: 0.2 }), makeRun({ trialNumber: 3, bestObjective: 0.2 }), makeRun({ bestObjective: null })];
    expect(bestRun(runs, 'minimize')?.trialNumber).toBe(2);
    expect(bestRun(runs, 'maximize')?.trialNumber).toBe(1);
    expect(bestRun([], 'minimize')).toBeNull();
  });

  it('never picks a failed run; while nothing finished, the best running run "so far"', () => {
    const failed = makeRun({ trialNumber: 1, status: 'failed', bestObjective: 0.01 });
    const running = makeRun({ trialNumber: 2, status: 'running', bestObjective: 0.3 });
    expect(bestRun([failed, running], 'minimize')).toBeNull();
    expect(pickBestRun([failed, running], 'minimize')).toEqual({ run: running, soFar: true });
    const pruned = makeRun({ trialNumber: 3, status: 'pruned', bestObjective: 0.5 });
    expect(pickBestRun([failed, running, pruned], 'minimize')).toEqual({ run: pruned, soFar: false });
    expect(pickBestRun([failed], 'minimize')).toBeNull();
  });

  it('defaults the curves to the best run plus the latest started ones', () => {
    const runs = [1, 2, 3, 4, 5, 6, 7].map((i) => makeRun({ id: 100 + i, startedAt: `2025-01-01T00:00:0${i}.000Z` }));
    runs.push(makeRun({ id: 200, epochsDone: 0 }));
    expect(defaultCurveRunIds(runs, runs[0]!, 3)).toEqual([101, 107, 106, 105]);
  });
});

describe('orderMetricNames', () => {
  it('puts a validation metric next to its training twin', () => {
    expect(orderMetricNames(['val_loss', 'accuracy', 'loss', 'val_accuracy', 'loss'])).toEqual(['accuracy', 'val_accuracy', 'loss', 'val_loss']);
  });
});
