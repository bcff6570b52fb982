import { describe, expect, it } from 'vitest';
import { createAshaPruner, rungEpoch } from '../../../../../../src/main/core/search/pruners/asha';
import type { TrialRecord } from '../../../../../../src/main/core/search/types';

/** Trial `number` reporting `values` per epoch, epoch e at time start + e. */
const trial = (number: number, start: number, values: number[], status: TrialRecord['status'] = 'running'): TrialRecord => ({
  number,
  params: {},
  status,
  objective: null,
  intermediate: values.map((value, i) => ({ step: i + 1, value, time: start + i + 1 })),
});

const OPTS = { minEpochs: 1, reductionFactor: 3, minEarlyStoppingRate: 0 };

describe('ASHA pruner', () => {
  const asha = createAshaPruner('minimize', OPTS);

  it('puts rungs at minEpochs · factor^(rate + k)', () => {
    expect([0, 1, 2].map((r) => rungEpoch(OPTS, r))).toEqual([1, 3, 9]);
    expect(rungEpoch({ minEpochs: 2, reductionFactor: 4, minEarlyStoppingRate: 1 }, 0)).toBe(8);
  });

  it('promotes the first trial at a rung and stops a later one that is not the best while fewer than η are there', () => {
    expect(asha.shouldStop(trial(1, 0, [0.5]), [])).toMatchObject({ stop: false, rung: 0 });
    const second = asha.shouldStop(trial(2, 10, [0.6]), [trial(1, 0, [0.5])]);
    expect(second).toMatchObject({ stop: true, rung: 0, epoch: 1 });
    expect(asha.shouldStop(trial(2, 10, [0.4]), [trial(1, 0, [0.5])]).stop).toBe(false);
  });

  it('keeps the best 1/η of the values recorded at the rung', () => {
    // Six earlier trials at rung 0 (epoch 1): 0.1 … 0.6. With this one, 7 values: the best ⌊7/3⌋ = 2 go on.
    const earlier = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6].map((v, i) => trial(i + 1, i, [v], 'pruned'));
    expect(asha.shouldStop(trial(7, 100, [0.15]), earlier)).toMatchObject({ stop: false, rung: 0 });
    expect(asha.shouldStop(trial(7, 100, [0.25]), earlier)).toMatchObject({ stop: true, rung: 0 });
    expect(asha.shouldStop(trial(7, 100, [0.25]), earlier).reason).toContain('best 2 of 7');
  });

  it('judges every rung reached, so an epoch the scheduler did not ask about is caught up', () => {
    const rivals = [trial(1, 0, [0.5, 0.4, 0.3, 0.2]), trial(2, 0, [0.6, 0.5, 0.35, 0.3])];
    // Best at rung 0 (epoch 1), last at rung 1 (epoch 3): stopped at rung 1, epoch 3, though asked at epoch 4.
    expect(asha.shouldStop(trial(3, 50, [0.45, 0.42, 0.41, 0.40]), rivals)).toMatchObject({ stop: true, rung: 1, epoch: 3 });
    expect(asha.shouldStop(trial(3, 50, [0.45, 0.3, 0.2, 0.1]), rivals)).toMatchObject({ stop: false, rung: 1 });
  });

  it('judges as of the trial reaching the rung: later arrivals do not change the answer (no trial pruned twice or resurrected)', () => {
    const me = trial(2, 10, [0.4, 0.35]);
    const first = asha.shouldStop(me, [trial(1, 0, [0.5])]);
    expect(first.stop).toBe(false);
    // Trials that reached epoch 1 after trial 2 did (time > 11), even far better ones, are not its competitors.
    const later = [trial(3, 20, [0.01]), trial(4, 30, [0.02]), trial(5, 40, [0.03])];
    expect(asha.shouldStop(me, [trial(1, 0, [0.5]), ...later, me])).toEqual(first);
    // And a trial stopped once is stopped again with the same rung, whatever came after.
    const loser = trial(6, 50, [0.9]);
    const stopped = asha.shouldStop(loser, [trial(1, 0, [0.5]), me]);
    expect(stopped.stop).toBe(true);
    expect(asha.shouldStop(loser, [trial(1, 0, [0.5]), me, trial(7, 60, [0.95]), trial(8, 70, [0.99])])).toEqual(stopped);
  });

  it('stops a diverged trial at the rung and maximizes when told to', () => {
    expect(asha.shouldStop(trial(1, 0, [Number.NaN]), [])).toMatchObject({ stop: true, rung: 0 });
    const max = createAshaPruner('maximize', OPTS);
    expect(max.shouldStop(trial(2, 10, [0.9]), [trial(1, 0, [0.8])]).stop).toBe(false);
    expect(max.shouldStop(trial(2, 10, [0.7]), [trial(1, 0, [0.8])]).stop).toBe(true);
  });

  it('goes on before the first rung', () => {
    const late = createAshaPruner('minimize', { minEpochs: 2, reductionFactor: 3, minEarlyStoppingRate: 0 });
    expect(late.shouldStop(trial(2, 10, [9]), [trial(1, 0, [0.1, 0.1])])).toMatchObject({ stop: false, rung: null });
  });
});
