import { describe, expect, it } from 'vitest';
import { collectObservations, defaultGamma, defaultWeights, splitObservations } from '../../../../../../src/main/core/search/tpe/observations';
import type { TrialRecord } from '../../../../../../src/main/core/search/types';

const curve = (...values: number[]) => values.map((value, i) => ({ step: i + 1, value, time: i }));
const trial = (id: string, t: Omit<TrialRecord, 'params'>): TrialRecord => ({ params: { id }, ...t });
const ids = (obs: { params: Record<string, unknown> }[]) => obs.map((o) => o.params.id);

describe('TPE observations', () => {
  const history: TrialRecord[] = [
    trial('done-bad', { status: 'completed', objective: 9 }),
    trial('pruned-shallow', { status: 'pruned', objective: 0.1, intermediate: curve(0.1) }),
    trial('pruned-deep', { status: 'pruned', objective: 0.2, intermediate: curve(0.9, 0.5, 0.7) }),
    trial('pruned-deep-better', { status: 'pruned', objective: 0.2, intermediate: curve(0.9, 0.5, 0.6) }),
    trial('failed', { status: 'failed', objective: null }),
    trial('done-good', { status: 'completed', objective: 1 }),
    trial('running', { status: 'running', objective: null }),
    trial('diverged', { status: 'completed', objective: Number.NaN }),
    trial('cancelled-early', { status: 'cancelled', objective: null }),
  ];

  it('ranks completed trials first, then pruned ones deepest first by their last value, then failures and running trials', () => {
    const obs = collectObservations([], history, 'minimize', true);
    const { below } = splitObservations(obs, obs.length);
    expect(ids(below)).toEqual(['done-good', 'done-bad', 'pruned-deep-better', 'pruned-deep', 'pruned-shallow', 'failed', 'running', 'diverged']);
  });

  it('flips the sign to maximize, leaves running trials out without the constant liar, and keeps "above" in age order', () => {
    const obs = collectObservations([], history, 'maximize', false);
    expect(ids(obs)).not.toContain('running');
    const { below, above } = splitObservations(obs, 2);
    expect(ids(below)).toEqual(['done-bad', 'done-good']);
    expect(ids(above)).toEqual(['pruned-shallow', 'pruned-deep', 'pruned-deep-better', 'failed', 'diverged']);
  });

  it('puts warm-start trials first and skips their unfinished ones', () => {
    const warm = [trial('warm', { status: 'completed', objective: 3 }), trial('warm-running', { status: 'running', objective: null })];
    expect(ids(collectObservations(warm, history.slice(0, 1), 'minimize', true))).toEqual(['warm', 'done-bad']);
  });

  it("uses Optuna's gamma and weights", () => {
    expect([1, 10, 11, 100, 250, 1000].map(defaultGamma)).toEqual([1, 1, 2, 10, 25, 25]);
    expect(defaultWeights(3)).toEqual([1, 1, 1]);
    const w = defaultWeights(30);
    expect(w).toHaveLength(30);
    expect(w[0]).toBeCloseTo(1 / 30);
    expect(w[4]).toBeCloseTo(1);
    expect(w.slice(5).every((v) => v === 1)).toBe(true);
  });
});
