import type { PlateauState } from './plateau';
import { scheduledLr, type ScheduleParams } from './lr-schedule';

/**
 * Training phases. Every template trains in one phase ('train'); the transfer template trains its new
 * head first with the base frozen ('head', epochs 1..epochs), then fine-tunes the unfrozen base
 * ('finetune', the next finetune_epochs epochs) at learning_rate × finetune_lr_factor.
 */
export type TrainingPhase = 'train' | 'head' | 'finetune';

export type PhaseParams = ScheduleParams & { finetune_epochs?: number; finetune_lr_factor?: number };

export const isTwoPhase = (p: PhaseParams): boolean => p.finetune_epochs !== undefined;

/** The phase epoch `epoch` (1-based) belongs to. */
export function phaseOf(p: PhaseParams, epoch: number): TrainingPhase {
  if (!isTwoPhase(p)) return 'train';
  return epoch <= p.epochs ? 'head' : 'finetune';
}

/**
 * Learning rate of `epoch` (1-based) over the whole run: the schedule (see scheduledLr) for the first
 * phase, then a constant learning_rate × finetune_lr_factor while fine-tuning (the rate the head
 * learned with would wreck the pre-trained features).
 */
export function lrOfEpoch(p: PhaseParams, epoch: number, plateau?: PlateauState): number {
  if (phaseOf(p, epoch) === 'finetune') return p.learning_rate * (p.finetune_lr_factor ?? 1);
  return scheduledLr(p, epoch, plateau);
}
