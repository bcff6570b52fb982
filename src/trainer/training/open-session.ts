import type { DatasetMeta } from '../../shared/domain/dataset';
import type { TrialConfig } from '../../shared/domain/hparams';
import { loadBaseModel } from '../models/load-base-model';
import { createSession, type TrainingSession } from './session';

/**
 * createSession, loading the base model first for a transfer-learning run. In its own file because it
 * reads the disk: session.ts stays loadable in a page.
 */
export async function openSession(config: TrialConfig, meta: DatasetMeta): Promise<TrainingSession> {
  const base = config.template === 'transfer' ? await loadBaseModel(config.base.dir) : undefined;
  return createSession(config, meta, base);
}
