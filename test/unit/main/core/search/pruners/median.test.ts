import { describe, expect, it } from 'vitest';
import { createMedianPruner, type MedianOptions } from '../../../../../../src/main/core/search/pruners/median';
import type { EpochValue, TrialRecord } from '../../../../../../src/main/core/search/types';

/** A curve whose epoch e was recorded at time start + e. */
const curve = (start: number, values: number[]): EpochValue[] => values.map((value, i) => ({ step: i + 1, value, time: start + i + 1 }));
const done = (number: number, start: number, values: number[]): TrialRecord => ({ number, params: {}, status: 'completed', objective: Math.min(...values), intermediate: curve(start, values) });
const running = (number: number, start: number, values: number[]): TrialRecord => ({ number, params: {}, status: 'running', objective: null, intermediate: curve(start, values) });

const OPTS: MedianOptions = { warmupTrials: 3, warmupEpochs: 0, intervalEpochs: 1, minTrials: 1 };
// Three completed trials, done by time 20; their losses at epoch 2: 0.5, 0.6, 0.7 (median 0.6).
const finished = [done(1, 0, [0.9, 0.5, 0.4]), done(2, 5, [0.9, 0.6, 0.5]), done(3, 10, [0.9, 0.7, 0.6])];

describe('median pruner', () => {
  const pruner = createMedianPruner('minimize', OPTS);

  it('stops a trial whose best so far is worse than the median of completed trials at that epoch', () => {
    const d = pruner.shouldStop(running(4, 100, [0.95, 0.65]), finished);
    expect(d).toMatchObject({ stop: true, epoch: 2, rung: null });
    expect(d.reason).toContain('median 0.6');
    expect(pruner.shouldStop(running(5, 100, [0.95, 0.55]), finished).stop).toBe(false);
    // Its best, not its last value, is judged (Optuna's rule): 0.58 at epoch 1 keeps it at epoch 2.
    expect(pruner.shouldStop(running(6, 100, [0.58, 0.8]), finished).stop).toBe(false);
  });

  it('waits for warm-up trials and warm-up epochs, and judges every intervalEpochs', () => {
    expect(pruner.shouldStop(running(4, 100, [0.95, 0.65]), finished.slice(0, 2)).stop).toBe(false);
    const warm = createMedianPruner('minimize', { ...OPTS, warmupEpochs: 2 });
    expect(warm.shouldStop(running(4, 100, [0.95, 0.65]), finished).stop).toBe(false);
    expect(warm.shouldStop(running(4, 100, [0.95, 0.65, 0.9]), finished).stop).toBe(true);
    const every2 = createMedianPruner('minimize', { ...OPTS, intervalEpochs: 2 });
    expect(every2.shouldStop(running(4, 100, [0.95, 0.65]), finished).stop).toBe(false); // epoch 2 is not judged (1, 3, 5… are)
    expect(every2.shouldStop(running(4, 100, [0.95, 0.65, 0.9]), finished).stop).toBe(true);
  });

  it('judges as of the epoch: trials completed later do not change an answer already given', () => {
    const trial = running(4, 12, [0.95, 0.65]); // epoch 2 recorded at time 14
    const before = pruner.shouldStop(trial, finished.slice(0, 2)); // only two completed by then: warm-up
    expect(before.stop).toBe(false);
    // Trial 3 completed at time 13 < 14: it counts. A trial completed at time 30 does not.
    expect(pruner.shouldStop(trial, finished).stop).toBe(true);
    const late = done(7, 27, [0.1, 0.1, 0.1]);
    expect(pruner.shouldStop(trial, [...finished.slice(0, 2), late]).stop).toBe(false);
    // Re-asked after a resume with the whole history: the same answers.
    expect(pruner.shouldStop(trial, [...finished, late, trial])).toEqual(pruner.shouldStop(trial, finished));
  });

  it('maximizes when told to and stops a trial that only diverged', () => {
    const max = createMedianPruner('maximize', OPTS);
    const acc = [done(1, 0, [0.5, 0.8]), done(2, 0, [0.5, 0.7]), done(3, 0, [0.5, 0.6])];
    expect(max.shouldStop(running(4, 100, [0.5, 0.65]), acc).stop).toBe(true);
    expect(max.shouldStop(running(4, 100, [0.5, 0.75]), acc).stop).toBe(false);
    expect(pruner.shouldStop(running(4, 100, [Number.NaN, Number.NaN]), finished).stop).toBe(true);
  });
});
