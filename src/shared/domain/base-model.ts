import { z } from 'zod';

/**
 * A TensorFlow.js Layers model a transfer-learning study starts from: an earlier run's bundle, or any
 * model.json + weights imported by the CLI or a drop. The files are copied into the data directory
 * (`<data dir>/base-models/<id>/`), so deleting the source never breaks a study.
 */
export const normalizationSchema = z.object({ mean: z.array(z.number()), std: z.array(z.number()) });
export type Normalization = z.infer<typeof normalizationSchema>;

/** What a trainer needs to build on a base model. */
export const baseModelRefSchema = z.object({
  id: z.number().int().positive(),
  name: z.string().min(1),
  /** Folder holding model.json and its weight files. */
  dir: z.string().min(1),
  /** Per-sample input shape the model takes (no batch axis). */
  inputShape: z.array(z.number().int().positive()).min(1),
  /**
   * The preprocessing the model was trained with, when its bundle says so (hparam-studio.json or
   * metadata.json): studies on it feed their data through the same numbers. null: unknown (a plain
   * model.json), the dataset's own normalization is used.
   */
  normalization: normalizationSchema.nullable(),
  /** Feature names of a tabular base model, when known: a dataset must have the same columns in order. */
  featureNames: z.array(z.string()).nullable(),
  /** Lowest and highest raw input value it was trained on, when known: new data must be on that scale. */
  valueRange: z.tuple([z.number(), z.number()]).nullable(),
  /** Layers of the model, input layer excluded (what drop_top_layers and freeze_layers count). */
  layers: z.array(z.object({ name: z.string(), className: z.string(), params: z.number().int().min(0) })),
});
export type BaseModelRef = z.infer<typeof baseModelRefSchema>;
