import type * as tfl from '@tensorflow/tfjs-layers';
import type { TrialConfig } from '../../shared/domain/hparams';
import { buildCnn } from './build-cnn';
import { buildMlp } from './build-mlp';
import { outputUnitsFor } from './output-head';

/**
 * Builds the trial's model from its template; the same config (seed included) gives the same initial
 * weights. The transfer template starts from a loaded base model instead (see build-transfer.ts).
 */
export function buildModel(config: Exclude<TrialConfig, { template: 'transfer' }>, inputShape: number[], classCount: number): tfl.Sequential {
  const units = outputUnitsFor(config.task, classCount);
  if (config.template === 'mlp') return buildMlp(config, inputShape, units);
  return buildCnn(config, inputShape, units);
}
