import fs from 'node:fs';
import path from 'node:path';
import { datasetMetaSchema, type DatasetMeta, type Split } from '../shared/domain/dataset';
import { AppError } from '../shared/result';

/** Features as stored: float32, or uint8 pixels. */
export type FeatureArray = Float32Array | Uint8Array;

/**
 * On-disk cache of an imported dataset, written by the importer (main/core/datasets/cache-writer.ts) and
 * read by trainer processes and the preview:
 *   meta.json                      DatasetMeta
 *   <split>.x.f32                  raw float32, row-major, N × prod(inputShape), little-endian
 *   <split>.x.u8                   instead of .x.f32 when meta.xDtype is 'uint8' (0..255 pixels)
 *   <split>.y.f32                  float32 targets: class index (classification) or value (regression)
 * Raw arrays so a trainer maps a split into a tensor with one read and no parsing. Pixels stay uint8
 * on disk: a quarter of the bytes to write at import and to read per trial; readSplit widens them.
 */
export interface SplitArrays {
  x: Float32Array;
  y: Float32Array;
  count: number;
}

export const isUint8 = (meta: DatasetMeta) => meta.xDtype === 'uint8';
export const xFile = (dir: string, meta: DatasetMeta, split: Split) => path.join(dir, `${split}.x.${isUint8(meta) ? 'u8' : 'f32'}`);
export const yFile = (dir: string, split: Split) => path.join(dir, `${split}.y.f32`);
export const META_FILE = 'meta.json';

export function featureSize(meta: DatasetMeta): number {
  return meta.inputShape.reduce((a, b) => a * b, 1);
}

export function readDatasetMeta(dir: string): DatasetMeta {
  const file = path.join(dir, META_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new AppError('io_error', `${file}: cannot read dataset metadata (${(err as Error).message})`);
  }
  const parsed = datasetMetaSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('invalid_input', `${file}: invalid dataset metadata (${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

function readBytes(file: string, expected: number, bytesPerValue: 1 | 4): Buffer {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (err) {
    throw new AppError('io_error', `${file}: cannot read dataset cache (${(err as Error).message})`);
  }
  if (buf.byteLength !== expected * bytesPerValue) {
    const type = bytesPerValue === 1 ? 'uint8' : 'float32';
    throw new AppError('invalid_input', `${file}: expected ${expected} ${type} values, found ${buf.byteLength / bytesPerValue} (cache truncated?)`);
  }
  return buf;
}

function readF32(file: string, expected: number): Float32Array {
  const buf = readBytes(file, expected, 4);
  // Copy into an aligned buffer: Node may hand back a Buffer that is a slice of a shared pool.
  const out = new Float32Array(expected);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

export interface RawSplitArrays {
  x: FeatureArray;
  y: Float32Array;
  count: number;
}

/** One split with its features as stored (uint8 or float32), for previews. */
export function readSplitRaw(dir: string, meta: DatasetMeta, split: Split): RawSplitArrays {
  const count = meta.splits[split];
  const expected = count * featureSize(meta);
  const file = xFile(dir, meta, split);
  const x = isUint8(meta) ? new Uint8Array(readBytes(file, expected, 1)) : readF32(file, expected);
  return { x, y: readF32(yFile(dir, split), count), count };
}

/** One split with float32 features, as trainers feed them to tensors (uint8 pixels widened on read). */
export function readSplit(dir: string, meta: DatasetMeta, split: Split): SplitArrays {
  const count = meta.splits[split];
  const expected = count * featureSize(meta);
  const file = xFile(dir, meta, split);
  const x = isUint8(meta) ? new Float32Array(readBytes(file, expected, 1)) : readF32(file, expected);
  return { x, y: readF32(yFile(dir, split), count), count };
}
