import type { MlpHparams } from '../../shared/domain/hparams';
import { AppError } from '../../shared/result';

export type MonitorMode = 'min' | 'max';

/** Losses and error metrics are minimized; everything else reported (accuracy, f1, …) is maximized. */
export function monitorMode(metric: string): MonitorMode {
  return /loss|mse|mae/.test(metric) ? 'min' : 'max';
}

/** Best value seen so far of the monitored metric; goes into checkpoints so a resumed run keeps counting. */
export interface EarlyStoppingState {
  bestValue: number | null;
  bestEpoch: number;
  /** Epochs since the last improvement. */
  wait: number;
}

export const initialEarlyStoppingState = (): EarlyStoppingState => ({ bestValue: null, bestEpoch: 0, wait: 0 });

export type EarlyStoppingParams = Pick<MlpHparams, 'es_monitor' | 'es_patience' | 'es_min_delta'>;

export interface EarlyStoppingStep {
  state: EarlyStoppingState;
  improved: boolean;
  /** True when es_patience epochs passed without an improvement larger than es_min_delta. */
  stop: boolean;
}

/**
 * Judges one finished epoch, Keras-style: an improvement must beat the best by more than es_min_delta.
 * The best epoch is tracked even when early stopping is off, so restore-best and `done.bestEpoch` work.
 */
export function judgeEpoch(p: EarlyStoppingParams, state: EarlyStoppingState, epoch: number, metrics: Record<string, number>): EarlyStoppingStep {
  const value = metrics[p.es_monitor];
  if (value === undefined) {
    throw new AppError('invalid_input', `hyperparameter es_monitor: metric "${p.es_monitor}" is not reported; reported metrics: ${Object.keys(metrics).join(', ')}`);
  }
  const mode = monitorMode(p.es_monitor);
  const better =
    Number.isFinite(value) &&
    (state.bestValue === null || (mode === 'min' ? value < state.bestValue - p.es_min_delta : value > state.bestValue + p.es_min_delta));
  if (better) return { state: { bestValue: value, bestEpoch: epoch, wait: 0 }, improved: true, stop: false };
  const wait = state.wait + 1;
  return { state: { ...state, wait }, improved: false, stop: wait >= p.es_patience };
}
