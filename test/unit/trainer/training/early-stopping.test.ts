import { describe, expect, it } from 'vitest';
import { initialEarlyStoppingState, judgeEpoch, monitorMode, type EarlyStoppingParams } from '../../../../src/trainer/training/early-stopping';

const run = (p: EarlyStoppingParams, values: number[]) => {
  let state = initialEarlyStoppingState();
  return values.map((v, i) => {
    const step = judgeEpoch(p, state, i + 1, { [p.es_monitor]: v, other: 0 });
    state = step.state;
    return step;
  });
};

describe('early stopping', () => {
  it('minimizes losses and errors, maximizes everything else', () => {
    expect(['val_loss', 'loss', 'val_mse', 'mae'].map(monitorMode)).toEqual(['min', 'min', 'min', 'min']);
    expect(['val_accuracy', 'val_f1', 'accuracy'].map(monitorMode)).toEqual(['max', 'max', 'max']);
  });

  it('stops after es_patience epochs without an improvement larger than es_min_delta', () => {
    const steps = run({ es_monitor: 'val_loss', es_patience: 2, es_min_delta: 0.05 }, [1, 0.9, 0.88, 0.87, 0.7, 0.69, 0.68]);
    expect(steps.map((s) => s.improved)).toEqual([true, true, false, false, true, false, false]);
    expect(steps.map((s) => s.stop)).toEqual([false, false, false, true, false, false, true]);
    expect(steps.at(-1)!.state).toEqual({ bestValue: 0.7, bestEpoch: 5, wait: 2 });
  });

  it('maximizes accuracy-like monitors', () => {
    const steps = run({ es_monitor: 'val_accuracy', es_patience: 1, es_min_delta: 0 }, [0.5, 0.6, 0.6]);
    expect(steps.map((s) => s.improved)).toEqual([true, true, false]);
    expect(steps[2]!.stop).toBe(true);
  });

  it('names the metric when the monitor is not reported', () => {
    expect(() => judgeEpoch({ es_monitor: 'val_auc', es_patience: 1, es_min_delta: 0 }, initialEarlyStoppingState(), 1, { val_loss: 1 })).toThrow(
      /es_monitor: metric "val_auc" is not reported; reported metrics: val_loss/,
    );
  });
});
