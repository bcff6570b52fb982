import type { Task } from '../../../../shared/domain/hparams';

/** Built-in datasets, generated on first use (no downloads). Registered as `sample:<name>`. */
export const SAMPLE_NAMES = ['binary-1000x10', 'shapes-16', 'regression-1000x8', 'new-shapes-16'] as const;
export type SampleName = (typeof SAMPLE_NAMES)[number];

export const SAMPLE_PREFIX = 'sample:';

export interface SampleInfo {
  task: Task;
  kind: 'tabular' | 'image';
  description: string;
}

export const SAMPLE_INFO: Record<SampleName, SampleInfo> = {
  'binary-1000x10': {
    task: 'binary',
    kind: 'tabular',
    description: '1000 rows, 10 features (5 informative, 2 redundant), 2 classes, like scikit-learn make_classification',
  },
  'shapes-16': {
    task: 'multiclass',
    kind: 'image',
    description: '16×16 grayscale images of circles, squares, triangles and crosses, 200 per class',
  },
  'regression-1000x8': {
    task: 'regression',
    kind: 'tabular',
    description: '1000 rows, 8 features, target linear plus nonlinear in the features plus noise',
  },
  'new-shapes-16': {
    task: 'multiclass',
    kind: 'image',
    description: '16×16 grayscale images of rings, diamonds, diagonal crosses and double bars; 60 for training (big validation and test splits): a small set to fine-tune a model pre-trained on shapes-16',
  },
};

export const isSampleName = (name: string): name is SampleName => (SAMPLE_NAMES as readonly string[]).includes(name);

/** `sample:binary-1000x10` → its info; null for any other dataset reference. */
export function sampleInfoFor(datasetRef: string): (SampleInfo & { name: SampleName }) | null {
  if (!datasetRef.startsWith(SAMPLE_PREFIX)) return null;
  const name = datasetRef.slice(SAMPLE_PREFIX.length);
  return isSampleName(name) ? { name, ...SAMPLE_INFO[name] } : null;
}
