import { describe, expect, it } from 'vitest';
import { scheduledLr, type ScheduleParams } from '../../../../src/shared/schedules/lr-schedule';

const base: ScheduleParams = {
  epochs: 10,
  learning_rate: 0.1,
  lr_schedule: 'constant',
  lr_step_size: 3,
  lr_gamma: 0.5,
  lr_decay_rate: 0.9,
  lr_warmup_epochs: 0,
  lr_min: 0,
};
const curve = (p: Partial<ScheduleParams>) => Array.from({ length: (p.epochs ?? base.epochs) }, (_, i) => scheduledLr({ ...base, ...p }, i + 1));
const expectCurve = (got: number[], want: number[]) => {
  expect(got).toHaveLength(want.length);
  got.forEach((v, i) => expect(v, `epoch ${i + 1}`).toBeCloseTo(want[i]!, 12));
};

describe('scheduledLr', () => {
  it('constant', () => expectCurve(curve({ epochs: 3 }), [0.1, 0.1, 0.1]));

  it('step decay: × lr_gamma every lr_step_size epochs', () => {
    expectCurve(curve({ lr_schedule: 'step', epochs: 7 }), [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025]);
  });

  it('exponential: × lr_decay_rate per epoch', () => {
    expectCurve(curve({ lr_schedule: 'exponential', epochs: 4 }), [0.1, 0.09, 0.081, 0.0729]);
  });

  it('cosine from learning_rate towards lr_min over the epochs', () => {
    // T = 4: 0.01 + 0.09·(1 + cos(π t/4))/2 for t = 0..3
    expectCurve(curve({ lr_schedule: 'cosine', epochs: 4, lr_min: 0.01 }), [0.1, 0.01 + 0.045 * (1 + Math.SQRT1_2), 0.055, 0.01 + 0.045 * (1 - Math.SQRT1_2)]);
  });

  it('linear warm-up precedes every schedule, which then starts from t = 0', () => {
    expectCurve(curve({ lr_warmup_epochs: 2, epochs: 4 }), [0.05, 0.1, 0.1, 0.1]);
    expectCurve(curve({ lr_schedule: 'step', lr_step_size: 1, lr_warmup_epochs: 2, epochs: 5 }), [0.05, 0.1, 0.1, 0.05, 0.025]);
    // cosine spans the 4 epochs after a 2-epoch warm-up
    expectCurve(curve({ lr_schedule: 'cosine', lr_warmup_epochs: 2, epochs: 6 }), [0.05, 0.1, 0.1, 0.05 * (1 + Math.SQRT1_2), 0.05, 0.05 * (1 - Math.SQRT1_2)]);
    expectCurve(curve({ lr_schedule: 'exponential', lr_warmup_epochs: 4, epochs: 5 }), [0.025, 0.05, 0.075, 0.1, 0.1]);
  });

  it('decays never go below lr_min', () => {
    expectCurve(curve({ lr_schedule: 'step', lr_step_size: 1, lr_min: 0.03, epochs: 4 }), [0.1, 0.05, 0.03, 0.03]);
    expectCurve(curve({ lr_schedule: 'exponential', lr_decay_rate: 0.5, lr_min: 0.02, epochs: 4 }), [0.1, 0.05, 0.025, 0.02]);
  });

  it('plateau uses the rate held in its state', () => {
    expect(scheduledLr({ ...base, lr_schedule: 'plateau' }, 5, { lr: 0.0125, best: 1, wait: 0 })).toBe(0.0125);
    expect(scheduledLr({ ...base, lr_schedule: 'plateau' }, 1)).toBe(0.1);
  });
});
