import { resolveTrialConfig, type TrialConfig } from '../../../shared/domain/hparams';
import type { DatasetRef } from '../../../shared/domain/dataset';
import type { BackendPreference } from '../../../shared/domain/run';
import { AppError } from '../../../shared/result';
import type { Store } from '../store/store';
import { baseRefOf } from '../transfer/base-models';

export interface EvaluateOptions {
  /** Evaluate again although the run was already scored on the test split. */
  force?: boolean;
  backend?: BackendPreference;
  /** Who asks (the CLI, the app): recorded with the look. */
  requestedBy?: string;
}

/** Everything a trainer needs to score one run's saved model on the test split. */
export interface EvaluationTask {
  runId: number;
  config: TrialConfig;
  dataset: DatasetRef;
  backend: BackendPreference;
  checkpoint: string;
}

/**
 * Checks that a run can be scored on the test split and gathers what the trainer needs. A second look
 * needs `force`: choosing between runs by their test score turns the test set into a second validation
 * set. The scoring itself runs in a trainer process through the scheduler (a slot, a heartbeat, stopped
 * at shutdown), so tfjs never loads in the app's own process.
 */
export function prepareEvaluation(store: Store, runId: number, opts: EvaluateOptions = {}): EvaluationTask {
  const run = store.getRun(runId);
  if (!run) throw new AppError('not_found', `run ${runId} does not exist`);
  const checkpoint = run.finalCheckpoint ?? run.lastCheckpoint;
  if (!checkpoint || run.status === 'running') {
    throw new AppError('conflict', `run ${runId} has no finished model to evaluate (status ${run.status})`);
  }
  const previous = store.listEvaluations(runId);
  if (previous.length > 0 && !opts.force) {
    throw new AppError(
      'conflict',
      `run ${runId} was already evaluated on the test split (${previous[0]!.createdAt}); the test set is meant to be looked at once — use --force to evaluate again`,
    );
  }
  const study = store.getStudy(run.studyId);
  const dataset = study ? store.getDataset(study.datasetId) : undefined;
  if (!study || !dataset) throw new AppError('not_found', `run ${runId}: its study or dataset is gone`);
  const config = resolveTrialConfig(study.template, study.task, run.seed, run.params, baseRefOf(store, study));
  return { runId, config, dataset, backend: opts.backend ?? study.spec.backend, checkpoint };
}
