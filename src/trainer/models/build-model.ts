import type * as tfl from '@tensorflow/tfjs-layers';
import type { TrialConfig } from '../../shared/domain/hparams';
import { buildCnn } from './build-cnn';
import { buildMlp } from './build-mlp';
import { AppError } from '../../shared/result';
import { outputUnitsFor } from './output-head';

/**
 * Builds the trial's model from its template; the same config (seed included) gives the same initial
 * weights. The transfer template starts from a loaded base model instead (see build-transfer.ts).
 */
export function buildModel(config: TrialConfig, inputShape: number[], classCount: number): tfl.Sequential {
  if (config.template === 'transfer') throw new AppError('internal', 'template transfer builds on a loaded base model (see build-transfer.ts), not from its config alone');
  const units = outputUnitsFor(config.task, classCount);
  if (config.template === 'mlp') return buildMlp(config, inputShape, units);
  return buildCnn(config, inputShape, units);
}
