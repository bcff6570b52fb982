import { describe, expect, it } from 'vitest';
import { lrOfEpoch, phaseOf } from '../../../../src/shared/schedules/phases';
import { PREVIEW_SAMPLES, schedulePreview } from '../../../../src/shared/schedules/schedule-preview';
import { scheduledLr } from '../../../../src/shared/schedules/lr-schedule';
import { mlpHparamsSchema, transferHparamsSchema } from '../../../../src/shared/domain/hparams';

describe('schedulePreview', () => {
  it('a fixed schedule is one curve: the trainer’s own rates, epoch by epoch', () => {
    const p = schedulePreview('mlp', {
      epochs: { type: 'fixed', value: 6 },
      learning_rate: { type: 'fixed', value: 0.1 },
      lr_schedule: { type: 'fixed', value: 'step' },
      lr_step_size: { type: 'fixed', value: 2 },
      lr_warmup_epochs: { type: 'fixed', value: 1 },
    });
    const h = mlpHparamsSchema.parse({ epochs: 6, learning_rate: 0.1, lr_schedule: 'step', lr_step_size: 2, lr_warmup_epochs: 1 });
    expect(p.curves).toEqual([Array.from({ length: 6 }, (_, e) => scheduledLr(h, e + 1))]);
    expect(p.curves[0]).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.025]);
    expect(p.band.min).toEqual(p.band.max);
    expect(p.varying).toEqual([]);
    expect(p.finetuneFrom).toBeNull();
  });

  it('ranges give a band of sampled curves between the lowest and highest rate per epoch', () => {
    const p = schedulePreview('mlp', {
      epochs: { type: 'int', low: 4, high: 8, step: 1 },
      learning_rate: { type: 'log-float', low: 1e-3, high: 1e-1 },
      lr_schedule: { type: 'fixed', value: 'cosine' },
    });
    expect(p.varying).toEqual(['epochs', 'learning_rate']);
    expect(p.curves).toHaveLength(PREVIEW_SAMPLES);
    expect(p.epochs).toBe(Math.max(...p.curves.map((c) => c.length)));
    for (let e = 0; e < p.epochs; e++) {
      const at = p.curves.filter((c) => e < c.length).map((c) => c[e]!);
      expect(p.band.min[e]).toBe(Math.min(...at));
      expect(p.band.max[e]).toBe(Math.max(...at));
    }
    for (const c of p.curves) expect(c[0]! >= 1e-3 && c[0]! <= 1e-1).toBe(true);
    // Seeded: the same space draws the same band.
    expect(schedulePreview('mlp', { learning_rate: { type: 'log-float', low: 1e-3, high: 1e-1 } }).curves).toEqual(
      schedulePreview('mlp', { learning_rate: { type: 'log-float', low: 1e-3, high: 1e-1 } }).curves,
    );
  });

  it('keys left out take the template defaults; a value the schema refuses falls back to its default', () => {
    expect(schedulePreview('mlp', {}).curves).toEqual([Array.from({ length: 20 }, () => 1e-3)]);
    expect(schedulePreview('mlp', { learning_rate: { type: 'fixed', value: -1 } }).curves[0]![0]).toBe(1e-3);
  });

  it('plateau is drawn without its drops and says so', () => {
    const p = schedulePreview('mlp', { lr_schedule: { type: 'choice', values: ['cosine', 'plateau'] } });
    expect(p.notes.join(' ')).toMatch(/plateau/);
  });

  it('transfer: the head phase follows the schedule, then fine-tuning runs at learning_rate × finetune_lr_factor', () => {
    const p = schedulePreview('transfer', {
      epochs: { type: 'fixed', value: 3 },
      finetune_epochs: { type: 'fixed', value: 2 },
      learning_rate: { type: 'fixed', value: 0.01 },
      finetune_lr_factor: { type: 'fixed', value: 0.1 },
      lr_schedule: { type: 'fixed', value: 'exponential' },
      lr_decay_rate: { type: 'fixed', value: 0.5 },
    });
    expect(p.curves[0]!.map((v) => Number(v.toPrecision(6)))).toEqual([0.01, 0.005, 0.0025, 0.001, 0.001]);
    expect(p.finetuneFrom).toBe(4);
    const h = transferHparamsSchema.parse({ epochs: 3, finetune_epochs: 2 });
    expect([1, 3, 4, 5].map((e) => phaseOf(h, e))).toEqual(['head', 'head', 'finetune', 'finetune']);
    expect(lrOfEpoch(h, 4)).toBeCloseTo(h.learning_rate * h.finetune_lr_factor, 15);
    expect(phaseOf(mlpHparamsSchema.parse({}), 20)).toBe('train');
  });
});
