import type { MlpHparams } from '../domain/hparams';
import type { PlateauState } from './plateau';

/** The hyperparameters a learning-rate schedule reads (shared by every template). */
export type ScheduleParams = Pick<
  MlpHparams,
  'epochs' | 'learning_rate' | 'lr_schedule' | 'lr_step_size' | 'lr_gamma' | 'lr_decay_rate' | 'lr_warmup_epochs' | 'lr_min'
>;

/**
 * Learning rate for `epoch` (1-based). Linear warm-up comes first for every schedule: epochs 1..W run
 * at learning_rate·epoch/W. The schedule itself then starts at t = 0 on epoch W+1:
 *   constant     learning_rate
 *   step         learning_rate · lr_gamma^floor(t / lr_step_size)
 *   exponential  learning_rate · lr_decay_rate^t
 *   cosine       lr_min + (learning_rate − lr_min)·(1 + cos(π·t/T))/2, T = epochs − W (reaches lr_min one
 *                epoch after the last, as PyTorch's CosineAnnealingLR with T_max = T does, so no epoch is wasted at lr_min)
 *   plateau      the rate held in the plateau state (starts at learning_rate, see plateau.ts)
 * Decaying schedules never go below lr_min.
 */
export function scheduledLr(p: ScheduleParams, epoch: number, plateau?: PlateauState): number {
  const base = p.learning_rate;
  const warmup = p.lr_warmup_epochs;
  if (epoch <= warmup) return (base * epoch) / warmup;
  const t = epoch - warmup - 1;
  switch (p.lr_schedule) {
    case 'constant':
      return base;
    case 'step':
      return Math.max(p.lr_min, base * p.lr_gamma ** Math.floor(t / p.lr_step_size));
    case 'exponential':
      return Math.max(p.lr_min, base * p.lr_decay_rate ** t);
    case 'cosine': {
      const span = Math.max(1, p.epochs - warmup);
      return p.lr_min + ((base - p.lr_min) * (1 + Math.cos((Math.PI * t) / span))) / 2;
    }
    case 'plateau':
      return Math.max(p.lr_min, plateau?.lr ?? base);
  }
}
