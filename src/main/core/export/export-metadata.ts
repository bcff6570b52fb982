import { checkpointEpochOf } from '../../../formats/checkpoint-dirs';
import type { DatasetMeta } from '../../../shared/domain/dataset';
import type { Normalization } from '../../../shared/domain/base-model';
import type { Task } from '../../../shared/domain/hparams';
import type { EnsembleRow } from '../store/ensembles';
import type { Store } from '../store/store';
import type { RunRow, StudyRow } from '../store/types';

export const EXPORT_METADATA_FILE = 'hparam-studio.json';
export const EXPORT_FORMAT_VERSION = 1;

/**
 * What feeds the model and what comes out: the same block in a run's bundle and an ensemble's.
 * `normalization` is what the model was trained with: the dataset's, or a base model's.
 */
function inputOutput(task: Task, dataset: DatasetMeta, normalization: Normalization) {
  return {
    input: {
      shape: dataset.inputShape,
      featureNames: dataset.featureNames,
      /** Apply (x - mean) / std per feature (per channel for images) before predict. */
      normalization,
      dtype: 'float32',
      /** Raw values seen in training (before normalization): a base model checks new data against them. */
      ...(dataset.stats ? { valueRange: [Math.min(...dataset.stats.min), Math.max(...dataset.stats.max)] } : {}),
    },
    output: {
      classNames: dataset.classNames,
      kind: task === 'binary' ? 'sigmoid probability of classNames[1]' : task === 'multiclass' ? 'softmax over classNames' : 'regression value',
    },
    dataset: { id: dataset.id, name: dataset.name, source: dataset.source },
  };
}

/** What a user needs to feed an exported model and to know where it came from. */
export function buildExportMetadata(store: Store, run: RunRow, study: StudyRow, dataset: DatasetMeta, normalization: Normalization = dataset.normalization) {
  const metrics = store.getMetrics(run.id);
  const epoch = run.finalCheckpoint ? checkpointEpochOf(run.finalCheckpoint) ?? run.bestEpoch : run.lastCheckpointEpoch ?? run.epochsDone;
  const atEpoch: Record<string, number | null> = {};
  for (const m of metrics) if (m.step === epoch) atEpoch[m.name] = m.value;
  const io = inputOutput(study.task, dataset, normalization);
  return {
    format: 'hparam-studio-tfjs-export',
    formatVersion: EXPORT_FORMAT_VERSION,
    exportedAt: new Date().toISOString(),
    run: { id: run.id, trialNumber: run.trialNumber, status: run.status, seed: run.seed, backend: run.backend },
    study: { id: study.id, name: study.name, objective: { metric: study.objectiveMetric, direction: study.objectiveDirection } },
    epoch,
    task: study.task,
    template: study.template,
    input: io.input,
    output: io.output,
    dataset: io.dataset,
    hyperparameters: run.params,
    metrics: atEpoch,
    bestObjective: run.bestObjective,
  };
}

/** The same file for an ensemble's bundle: its members and validation scores in place of one run's. */
export function buildEnsembleMetadata(ensemble: EnsembleRow, study: StudyRow, dataset: DatasetMeta, normalization: Normalization, membersParams: Record<number, unknown>) {
  const io = inputOutput(study.task, dataset, normalization);
  return {
    format: 'hparam-studio-tfjs-export',
    formatVersion: EXPORT_FORMAT_VERSION,
    exportedAt: new Date().toISOString(),
    ensemble: {
      id: ensemble.id,
      name: ensemble.name,
      method: ensemble.method,
      combination: study.task === 'regression' ? 'mean of the members’ values, weighted' : 'mean of the members’ class probabilities, weighted',
      members: ensemble.members.map((m, i) => ({ layerPrefix: `m${i + 1}_`, runId: m.runId, trialNumber: m.trialNumber, weight: m.weight, hyperparameters: membersParams[m.runId] ?? null, valMetrics: m.valMetrics })),
    },
    study: { id: study.id, name: study.name, objective: { metric: study.objectiveMetric, direction: study.objectiveDirection } },
    task: study.task,
    template: 'ensemble',
    input: io.input,
    output: io.output,
    dataset: io.dataset,
    metrics: ensemble.valMetrics,
  };
}
