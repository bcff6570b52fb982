import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { z } from 'zod';
import { AppError } from '../shared/result';
import { fileSystemHandler } from './io/file-io-handler';
import { normalizeInPlace } from './training/normalize';

export const METADATA_JSON = 'metadata.json';

/** The part of an exported bundle's metadata.json that prediction needs (the exporter writes more). */
const bundleMetadataSchema = z
  .object({
    inputShape: z.array(z.number().int().positive()).min(1),
    normalization: z.object({ mean: z.array(z.number()), std: z.array(z.number()) }),
  })
  .loose();

function readBundleMetadata(bundleDir: string): z.infer<typeof bundleMetadataSchema> {
  const file = path.join(bundleDir, METADATA_JSON);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new AppError('not_found', `${file}: cannot read bundle metadata (${(err as Error).message})`);
  }
  const parsed = bundleMetadataSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('invalid_input', `${file}: invalid bundle metadata (${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

/**
 * Loads an exported bundle (model.json + weights.bin + metadata.json) and predicts raw, un-normalized
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
