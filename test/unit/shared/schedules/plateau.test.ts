import { describe, expect, it } from 'vitest';
import { initialPlateauState, updatePlateau, type PlateauParams } from '../../../../src/shared/schedules/plateau';

describe('updatePlateau', () => {
  const p: PlateauParams = { learning_rate: 0.1, lr_min: 0.02, lr_plateau_patience: 2, lr_plateau_factor: 0.5, lr_warmup_epochs: 0 };
  const run = (losses: number[], params = p) => {
    let s = initialPlateauState(params);
    return losses.map((loss, i) => (s = updatePlateau(params, s, i + 1, loss)));
  };

  it('halves the rate after lr_plateau_patience epochs without improvement, down to lr_min', () => {
    const states = run([1, 0.9, 0.95, 0.91, 0.92, 0.93, 0.94, 0.95, 0.96]);
    expect(states.map((s) => s.lr)).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02]);
    expect(states.map((s) => s.wait)).toEqual([0, 0, 1, 0, 1, 0, 1, 0, 1]);
    expect(states.at(-1)!.best).toBe(0.9);
  });

  it('ignores improvements smaller than 1e-4 and resets the wait on a real one', () => {
    const states = run([1, 0.99995, 0.5]);
    expect(states.map((s) => s.wait)).toEqual([0, 1, 0]);
    expect(states.map((s) => s.best)).toEqual([1, 1, 0.5]);
  });

  it('does not judge warm-up epochs', () => {
    const states = run([5, 6, 7, 1], { ...p, lr_warmup_epochs: 3 });
    expect(states.map((s) => s.best)).toEqual([null, null, null, 1]);
    expect(states.every((s) => s.lr === 0.1)).toBe(true);
  });
});
