import type { StudySpec } from '../../../shared/domain/study-spec';
import { rungEpoch } from './pruners/asha';
import { maxEpochsOf } from './pruners/create-pruner';

/** Sampler options only where a sampler takes them, and a budget that ends. */
export function checkSampling(spec: Pick<StudySpec, 'algorithm' | 'budget' | 'sampler'>): string[] {
  const errors: string[] = [];
  if (spec.sampler && spec.algorithm !== 'tpe') {
    errors.push(`sampler: options apply to algorithm tpe; this study uses ${spec.algorithm} (remove sampler, or set algorithm: tpe)`);
  }
  const { maxTrials, maxTimeSec, maxEpochs } = spec.budget;
  if (spec.algorithm !== 'grid' && maxTrials === undefined && maxTimeSec === undefined && maxEpochs === undefined) {
    errors.push(`budget: ${spec.algorithm} search needs maxTrials, maxTimeSec or maxEpochs, or it would never stop`);
  }
  return errors;
}

/** A pruner that can judge within the trials' epochs. */
export function checkPruner(spec: Omit<StudySpec, 'space'>, space: StudySpec['space']): string[] {
  const errors: string[] = [];
  const p = spec.pruner;
  const longest = maxEpochsOf(space);
  const whereEpochs = space.epochs ? 'the largest epochs in space' : 'the default epochs';
  if (p?.type === 'asha') {
    const first = rungEpoch(p, 0);
    if (first >= longest) errors.push(`pruner: the first rung is at epoch ${first} (minEpochs·reductionFactor^minEarlyStoppingRate), not before ${whereEpochs} (${longest}), so no trial would ever be judged`);
  } else if (p?.type === 'hyperband') {
    const max = p.maxEpochs ?? longest;
    if (p.minEpochs >= max) errors.push(`pruner.minEpochs: ${p.minEpochs} must be below ${p.maxEpochs !== undefined ? 'pruner.maxEpochs' : whereEpochs} (${max})`);
  } else if (p?.type === 'median' && p.warmupEpochs >= longest) {
    errors.push(`pruner.warmupEpochs: ${p.warmupEpochs} is not below ${whereEpochs} (${longest}), so no trial would ever be judged`);
  }
  return errors;
}
