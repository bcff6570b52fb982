import type { Task } from '../../../shared/domain/hparams';

/** Metrics a trainer reports per task: what an objective (or es_monitor) may name. */
export const CLASSIFICATION_METRICS = ['loss', 'val_loss', 'accuracy', 'val_accuracy', 'val_precision', 'val_recall', 'val_f1'] as const;
export const REGRESSION_METRICS = ['loss', 'val_loss', 'mse', 'mae', 'val_mse', 'val_mae'] as const;

/** For an unknown task (dataset not resolved yet) every metric some task reports is accepted. */
export function metricsForTask(task: Task | undefined): readonly string[] {
  if (task === 'regression') return REGRESSION_METRICS;
  if (task === 'binary' || task === 'multiclass') return CLASSIFICATION_METRICS;
  return [...new Set<string>([...CLASSIFICATION_METRICS, ...REGRESSION_METRICS])];
}
