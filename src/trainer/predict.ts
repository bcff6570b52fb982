import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { z } from 'zod';
import { AppError } from '../shared/result';
import { fileSystemHandler } from './io/file-io-handler';
import { normalizeInPlace } from './training/normalize';

/**
 * Metadata files a bundle may carry, first found wins: the exporter's `hparam-studio.json`
 * ({input: {shape, normalization}}) or a plain `metadata.json` ({inputShape, normalization}).
 */
export const METADATA_FILES = ['hparam-studio.json', 'metadata.json'] as const;

const normalizationSchema = z.object({ mean: z.array(z.number()), std: z.array(z.number()) });
const shapeSchema = z.array(z.number().int().positive()).min(1);
const bundleMetadataSchema = z.union([
  z.object({ input: z.object({ shape: shapeSchema, normalization: normalizationSchema }).loose() }).loose().transform((m) => ({ inputShape: m.input.shape, normalization: m.input.normalization })),
  z.object({ inputShape: shapeSchema, normalization: normalizationSchema }).loose(),
]);
type BundleMetadata = { inputShape: number[]; normalization: z.infer<typeof normalizationSchema> };

function readBundleMetadata(bundleDir: string): BundleMetadata {
  const file = METADATA_FILES.map((name) => path.join(bundleDir, name)).find((f) => fs.existsSync(f));
  if (!file) throw new AppError('not_found', `${bundleDir}: no bundle metadata (${METADATA_FILES.join(' or ')})`);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new AppError('io_error', `${file}: cannot read bundle metadata (${(err as Error).message})`);
  }
  const parsed = bundleMetadataSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('invalid_input', `${file}: invalid bundle metadata (${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

/**
 * Loads an exported bundle (model.json + weights + metadata, see METADATA_FILES) and predicts raw, un-normalized
 * rows, applying the bundle's normalization exactly as training did. Returns one output row per input
 * row: [p(positive)] for binary, class probabilities for multiclass, [value] for regression.
 */
export async function predictFromBundle(bundleDir: string, rows: ArrayLike<number>[]): Promise<number[][]> {
  const meta = readBundleMetadata(bundleDir);
  const rowSize = meta.inputShape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(rows.length * rowSize);
  rows.forEach((row, i) => {
    if (row.length !== rowSize) throw new AppError('invalid_input', `row ${i}: has ${row.length} values, the model takes ${rowSize}`);
    x.set(row, i * rowSize);
  });
  normalizeInPlace(x, meta.normalization, rowSize);
  const model = await tfl.loadLayersModel(fileSystemHandler(bundleDir));
  try {
    const output = tf.tidy(() => model.predict(tf.tensor(x, [rows.length, ...meta.inputShape])) as tf.Tensor2D);
    const values = (await output.array()) as number[][];
    output.dispose();
    return values;
  } finally {
    model.dispose();
  }
}
