import type { StudySpec } from '../../src/shared/domain/study-spec';
import { studySpecSchema } from '../../src/shared/domain/study-spec';
import type { SearchSpace } from '../../src/shared/domain/space';

/** A small, fast MLP study on the built-in binary sample: a few epochs, tiny layers. */
export function tinyStudySpec(overrides: Partial<StudySpec> = {}, space: SearchSpace = {}): StudySpec {
  return studySpecSchema.parse({
    name: 'tiny',
    dataset: 'sample:binary-1000x10',
    template: 'mlp',
    objective: { metric: 'val_loss', direction: 'minimize' },
    algorithm: 'random',
    seed: 7,
    budget: { maxTrials: 2 },
    concurrency: 2,
    backend: 'cpu',
    space: {
      epochs: { type: 'fixed', value: 3 },
      hidden_layers: { type: 'fixed', value: 1 },
      units: { type: 'fixed', value: 8 },
      batch_size: { type: 'fixed', value: 64 },
      learning_rate: { type: 'log-float', low: 1e-3, high: 1e-2 },
      ...space,
    },
    ...overrides,
  });
}
