import type { Normalization } from '../../../shared/domain/base-model';
import type { DatasetMeta } from '../../../shared/domain/dataset';
import type { Store } from '../store/store';
import type { StudyRow } from '../store/types';

/**
 * The normalization a study's models were trained with: its base model's when it has one that says
 * (transfer learning feeds the new data through the base's numbers), else the dataset's. Exported
 * bundles and ensemble jobs use it, so inputs are prepared exactly as in training.
 */
export function trainingNormalization(store: Store, study: StudyRow, dataset: DatasetMeta): Normalization {
  if (study.baseModelId === null) return dataset.normalization;
  return store.baseModels.get(study.baseModelId)?.ref.normalization ?? dataset.normalization;
}
