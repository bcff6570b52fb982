import { z } from 'zod';
import { TASKS } from './hparams';

/**
 * What the store and the trainer know about an imported dataset. The arrays themselves live in a
 * binary cache directory (see src/main/core/datasets/cache-format.ts): one `<split>.x.f32` file of
 * row-major float32 features (N × prod(inputShape)), or `<split>.x.u8` when xDtype is 'uint8', and
 * one `<split>.y.f32` file of targets (class index for classification, value for regression) per split.
 */
export const SPLITS = ['train', 'val', 'test'] as const;
export type Split = (typeof SPLITS)[number];

export const featureStatsSchema = z.object({
  mean: z.array(z.number()),
  std: z.array(z.number()),
  min: z.array(z.number()),
  max: z.array(z.number()),
});

export const datasetMetaSchema = z.object({
  /** Content hash (sha256 hex of the source bytes + import options): the same data imported twice is one dataset. */
  id: z.string().min(8),
  name: z.string().min(1),
  kind: z.enum(['tabular', 'image']),
  task: z.enum(TASKS),
  /** Per-sample shape: [features] for tabular, [height, width, channels] for images. */
  inputShape: z.array(z.number().int().positive()).min(1),
  /** How the cache stores features: uint8 for 0..255 pixels (IDX, images), float32 otherwise (the default, and every older cache). */
  xDtype: z.enum(['uint8', 'float32']).optional(),
  featureNames: z.array(z.string()),
  /** Empty for regression. */
  classNames: z.array(z.string()),
  splits: z.object({ train: z.number().int().min(0), val: z.number().int().min(0), test: z.number().int().min(0) }),
  /**
   * Normalization computed on the training split only; the trainer applies (x - mean) / std per
   * feature (per channel for images) and exported bundles carry the same numbers.
   */
  normalization: z.object({ mean: z.array(z.number()), std: z.array(z.number()) }),
  /** Per-feature statistics on the training split, raw (before normalization), for previews. */
  stats: featureStatsSchema.optional(),
  /** Class counts per split, classification only. */
  classCounts: z.record(z.string(), z.array(z.number().int())).optional(),
  source: z.string(),
  createdAt: z.string(),
  /** How the source was read (csv, idx, image-folder, …); absent for built-in samples. */
  format: z.string().optional(),
  /** Per source column: inferred type, encoding, missing values (tabular imports). */
  columns: z
    .array(
      z.object({
        name: z.string(),
        /** date: expanded into the `derived` features; dropped: not a feature (see `note`). */
        type: z.enum(['numeric', 'categorical', 'target', 'date', 'dropped']),
        encoding: z.enum(['onehot', 'ordinal']).optional(),
        categories: z.array(z.string()).optional(),
        missing: z.number().int().min(0),
        imputed: z.union([z.number(), z.string()]).optional(),
        /** Feature names made from this column (a date's year, month, …). */
        derived: z.array(z.string()).optional(),
        /** Why the column was dropped or transformed, in words. */
        note: z.string().optional(),
      }),
    )
    .optional(),
  /** What the importer decided (delimiter, header, encodings, dropped rows), shown in previews. */
  importNotes: z.array(z.string()).optional(),
  /** True when the test split came with the data (IDX t10k files, a test/ folder). */
  shippedTest: z.boolean().optional(),
});
export type DatasetMeta = z.infer<typeof datasetMetaSchema>;

/** A dataset as a trainer process receives it: its meta plus where its cache lives on disk. */
export interface DatasetRef {
  meta: DatasetMeta;
  cacheDir: string;
}
