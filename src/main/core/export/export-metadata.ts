import { checkpointEpochOf } from '../../../formats/checkpoint-dirs';
import type { DatasetMeta } from '../../../shared/domain/dataset';
import type { Store } from '../store/store';
import type { RunRow, StudyRow } from '../store/types';

export const EXPORT_METADATA_FILE = 'hparam-studio.json';
export const EXPORT_FORMAT_VERSION = 1;

/** What a user needs to feed an exported model and to know where it came from. */
export function buildExportMetadata(store: Store, run: RunRow, study: StudyRow, dataset: DatasetMeta) {
  const metrics = store.getMetrics(run.id);
  const epoch = run.finalCheckpoint ? checkpointEpochOf(run.finalCheckpoint) ?? run.bestEpoch : run.lastCheckpointEpoch ?? run.epochsDone;
  const atEpoch: Record<string, number | null> = {};
  for (const m of metrics) if (m.step === epoch) atEpoch[m.name] = m.value;
  return {
    format: 'hparam-studio-tfjs-export',
    formatVersion: EXPORT_FORMAT_VERSION,
    exportedAt: new Date().toISOString(),
    run: { id: run.id, trialNumber: run.trialNumber, status: run.status, seed: run.seed, backend: run.backend },
    study: { id: study.id, name: study.name, objective: { metric: study.objectiveMetric, direction: study.objectiveDirection } },
    epoch,
    task: study.task,
    template: study.template,
    input: {
      shape: dataset.inputShape,
      featureNames: dataset.featureNames,
      /** Apply (x - mean) / std per feature (per channel for images) before predict. */
      normalization: dataset.normalization,
      dtype: 'float32',
    },
    output: {
      classNames: dataset.classNames,
      kind: study.task === 'binary' ? 'sigmoid probability of classNames[1]' : study.task === 'multiclass' ? 'softmax over classNames' : 'regression value',
    },
    dataset: { id: dataset.id, name: dataset.name, source: dataset.source },
    hyperparameters: run.params,
    metrics: atEpoch,
    bestObjective: run.bestObjective,
  };
}
