import { plannedEpochsOf, type ModelTemplate } from '../../../../shared/domain/hparams';
import type { SearchSpace } from '../../../../shared/domain/space';
import type { StudySpec } from '../../../../shared/domain/study-spec';
import { createAshaPruner } from './asha';
import { createHyperbandPruner } from './hyperband';
import { createMedianPruner } from './median';
import type { Pruner } from './types';

/** The most a domain's values reach (an epoch count). */
function largest(d: SearchSpace[string]): number {
  switch (d.type) {
    case 'fixed':
      return Number(d.value);
    case 'choice':
      return Math.max(...d.values.map(Number));
    case 'int':
    case 'float':
    case 'log-float':
      return Math.floor(d.high);
  }
}

/**
 * The most epochs any trial of this space can run (a transfer run's fine-tuning included; what the
 * space leaves out takes the template's default): Hyperband's maximum resource.
 */
export function maxEpochsOf(space: SearchSpace, template: ModelTemplate): number {
  const most = (key: string) => (space[key] ? largest(space[key]) : undefined);
  return plannedEpochsOf(template, { epochs: most('epochs'), finetune_epochs: most('finetune_epochs') });
}

/** The spec's pruner, or null when trials always run to the end. */
export function createPruner(spec: StudySpec): Pruner | null {
  const p = spec.pruner;
  const direction = spec.objective.direction;
  switch (p?.type) {
    case undefined:
    case 'none':
      return null;
    case 'median':
      return createMedianPruner(direction, p);
    case 'asha':
      return createAshaPruner(direction, p);
    case 'hyperband':
      return createHyperbandPruner(direction, spec.seed, { minEpochs: p.minEpochs, reductionFactor: p.reductionFactor, maxEpochs: p.maxEpochs ?? maxEpochsOf(spec.space, spec.template) });
  }
}
