import type { MlpHparams } from '../domain/hparams';

/**
 * Reduce-on-plateau, as Keras' ReduceLROnPlateau (mode min on val_loss, cooldown 0): when val_loss has
 * not improved by more than PLATEAU_MIN_DELTA for lr_plateau_patience epochs, the rate is multiplied by
 * lr_plateau_factor (floored at lr_min) and the wait restarts. The state goes into checkpoints.
 */
export interface PlateauState {
  lr: number;
  best: number | null;
  wait: number;
}

/** Keras' default: smaller "improvements" are noise and must not reset the wait. */
export const PLATEAU_MIN_DELTA = 1e-4;

export type PlateauParams = Pick<MlpHparams, 'learning_rate' | 'lr_min' | 'lr_plateau_patience' | 'lr_plateau_factor' | 'lr_warmup_epochs'>;

export const initialPlateauState = (p: PlateauParams): PlateauState => ({ lr: p.learning_rate, best: null, wait: 0 });

/** The state after `epoch` (1-based) ended with `valLoss`. Warm-up epochs are not judged. */
export function updatePlateau(p: PlateauParams, state: PlateauState, epoch: number, valLoss: number): PlateauState {
  if (epoch <= p.lr_warmup_epochs) return state;
  if (Number.isFinite(valLoss) && (state.best === null || valLoss < state.best - PLATEAU_MIN_DELTA)) {
    return { ...state, best: valLoss, wait: 0 };
  }
  const wait = state.wait + 1;
  if (wait < p.lr_plateau_patience) return { ...state, wait };
  return { ...state, lr: Math.max(p.lr_min, state.lr * p.lr_plateau_factor), wait: 0 };
}
