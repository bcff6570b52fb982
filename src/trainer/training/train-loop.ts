import { totalEpochs } from '../../shared/domain/hparams';
import { AppError } from '../../shared/result';
import { lrOfEpoch, phaseOf, type TrainingPhase } from '../../shared/schedules/phases';
import { initialPlateauState, updatePlateau, type PlateauState } from '../../shared/schedules/plateau';
import { evaluateSplit } from '../metrics/evaluate';
import { setLearningRate } from '../optimizers/build-optimizer';
import { initialEarlyStoppingState, judgeEpoch, type EarlyStoppingState } from './early-stopping';
import type { TrainingSession } from './session';
import type { SplitTensors } from './split-tensors';
import { trainEpoch } from './train-epoch';

export type StopReason = 'pruned' | 'cancelled' | 'paused';

/** What a checkpoint must hold, besides weights and optimizer slots, to continue exactly. */
export interface LoopState {
  /**
   * Last completed epoch (0 = none). It is also the position of every random stream: shuffles and
   * dropout masks of epoch e are drawn from (seed, e), so nothing else needs saving.
   */
  epoch: number;
  /** The phase the model and optimizer are in at the end of `epoch` (transfer learning trains in two). */
  phase: TrainingPhase;
  plateau: PlateauState;
  earlyStopping: EarlyStoppingState;
  /** Metrics of every completed epoch, in order. */
  history: Record<string, number>[];
}

export const initialLoopState = (session: TrainingSession): LoopState => ({
  epoch: 0,
  phase: session.phase,
  plateau: initialPlateauState(session.config.hparams),
  earlyStopping: initialEarlyStoppingState(),
  history: [],
});

export interface EpochReport {
  epoch: number;
  metrics: Record<string, number>;
  /** Validation confusion matrix of this epoch (classification). */
  confusion?: number[][];
  /** This epoch is the best so far by es_monitor. */
  isBest: boolean;
  state: LoopState;
}

export interface LoopHooks {
  /** Runs before an epoch starts (fault injection in tests). */
  beforeEpoch?(epoch: number): Promise<void> | void;
  onEpoch?(report: EpochReport): Promise<void> | void;
  onCheckpoint?(report: EpochReport): Promise<void> | void;
  /**
   * The epoch produced a non-finite metric: reported before the run fails, so the curve shows where it
   * diverged and at which learning rate. No checkpoint is taken of a diverged model.
   */
  onDiverged?(epoch: number, metrics: Record<string, number>): Promise<void> | void;
  /** Checked at each epoch boundary, after the epoch's checkpoint. */
  shouldStop?(): StopReason | null;
}

export interface LoopOutcome {
  epochsDone: number;
  bestEpoch: number;
  stoppedBy: 'completed' | 'early_stopping' | StopReason;
  state: LoopState;
}

/** Metric that decides the best epoch: es_monitor, falling back to val_loss/loss when ES is off and it isn't reported. */
function bestMonitor(session: TrainingSession, metrics: Record<string, number>): string {
  const h = session.config.hparams;
  if (h.early_stopping || h.es_monitor in metrics) return h.es_monitor;
  return 'val_loss' in metrics ? 'val_loss' : 'loss';
}

/**
 * The custom training loop: per-epoch learning rate, seeded shuffles, validation metrics, best-epoch
 * tracking, early stopping and stop requests, all at epoch boundaries; a transfer-learning run changes
 * phase (unfreezing, fresh optimizer) at the epoch its fine-tuning starts. Starts after `resume.epoch`.
 */
export async function trainLoop(
  session: TrainingSession,
  data: { train: SplitTensors; val: SplitTensors },
  hooks: LoopHooks = {},
  resume?: LoopState,
): Promise<LoopOutcome> {
  const h = session.config.hparams;
  let state = resume ?? initialLoopState(session);
  for (let epoch = state.epoch + 1; epoch <= totalEpochs(h); epoch++) {
    await hooks.beforeEpoch?.(epoch);
    const phase = phaseOf(h, epoch);
    session.enterPhase(phase);
    const lr = lrOfEpoch(h, epoch, state.plateau);
    setLearningRate(session.optimizer, lr);
    const started = performance.now();
    const trainMetrics = await trainEpoch(session, data.train, epoch);
    const evaluation = await evaluateSplit(session, data.val);
    const elapsedMs = performance.now() - started;
    const metrics: Record<string, number> = {
      ...trainMetrics,
      ...evaluation.metrics,
      lr,
      epoch_time_ms: elapsedMs,
      samples_per_sec: data.train.count / Math.max(elapsedMs / 1000, 1e-9),
    };
    const diverged = Object.entries(metrics).find(([, v]) => !Number.isFinite(v));
    if (diverged) {
      await hooks.onDiverged?.(epoch, metrics);
      throw new AppError('internal', `training diverged at epoch ${epoch}: ${diverged[0]} is ${diverged[1]} (try a lower learning_rate)`);
    }
    const judged = judgeEpoch({ ...h, es_monitor: bestMonitor(session, metrics) }, state.earlyStopping, epoch, metrics);
    const plateau = h.lr_schedule === 'plateau' && phase !== 'finetune' ? updatePlateau(h, state.plateau, epoch, metrics.val_loss ?? metrics.loss!) : state.plateau;
    // Appended in place: copying the history every epoch would be quadratic over long runs.
    state.history.push(metrics);
    state = { epoch, phase, plateau, earlyStopping: judged.state, history: state.history };
    const report: EpochReport = { epoch, metrics, confusion: evaluation.confusion, isBest: judged.improved, state };
    await hooks.onEpoch?.(report);
    await hooks.onCheckpoint?.(report);
    if (h.early_stopping && judged.stop) return outcome(state, 'early_stopping');
    const stop = hooks.shouldStop?.();
    if (stop) return outcome(state, stop);
  }
  return outcome(state, 'completed');
}

const outcome = (state: LoopState, stoppedBy: LoopOutcome['stoppedBy']): LoopOutcome => ({
  epochsDone: state.epoch,
  bestEpoch: state.earlyStopping.bestEpoch,
  stoppedBy,
  state,
});
