import type { SearchSpace } from '../../../../shared/domain/space';
import type { StudySpec } from '../../../../shared/domain/study-spec';
import { createAshaPruner } from './asha';
import { createHyperbandPruner } from './hyperband';
import { createMedianPruner } from './median';
import type { Pruner } from './types';

/** The trainer's default when a spec does not set epochs (hparams.ts). */
const DEFAULT_EPOCHS = 20;

/** The most epochs any trial of this space can run: Hyperband's maximum resource. */
export function maxEpochsOf(space: SearchSpace): number {
  const d = space.epochs;
  if (!d) return DEFAULT_EPOCHS;
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
      return createHyperbandPruner(direction, spec.seed, { minEpochs: p.minEpochs, reductionFactor: p.reductionFactor, maxEpochs: p.maxEpochs ?? maxEpochsOf(spec.space) });
  }
}
