import fs from 'node:fs';
import path from 'node:path';
import { datasetMetaSchema, type DatasetMeta, type Split } from '../../../shared/domain/dataset';
import { AppError } from '../../../shared/result';

/**
 * On-disk cache of an imported dataset, shared by the importer (writer) and trainer processes (reader):
 *   meta.json                      DatasetMeta
 *   <split>.x.f32                  raw float32, row-major, N × prod(inputShape), little-endian
 *   <split>.y.f32                  float32 targets: class index (classification) or value (regression)
 * Raw float32 so a trainer maps a split into a tensor with one read and no parsing.
 */
export interface SplitArrays {
  x: Float32Array;
  y: Float32Array;
  count: number;
}

const xFile = (dir: string, split: Split) => path.join(dir, `${split}.x.f32`);
const yFile = (dir: string, split: Split) => path.join(dir, `${split}.y.f32`);

export function featureSize(meta: DatasetMeta): number {
  return meta.inputShape.reduce((a, b) => a * b, 1);
}

/**
 * Writes the cache into `dir` atomically: everything goes to a sibling temp dir that is renamed into
 * place last, so a crash mid-write never leaves a half-written dataset that looks complete.
 */
export function writeDatasetCache(dir: string, meta: DatasetMeta, splits: Record<Split, { x: Float32Array; y: Float32Array }>): void {
  const size = featureSize(meta);
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  fs.mkdirSync(tmp, { recursive: true });
  try {
    for (const split of ['train', 'val', 'test'] as const) {
      const { x, y } = splits[split];
      if (x.length !== y.length * size || y.length !== meta.splits[split]) {
        throw new AppError('internal', `dataset ${meta.name}: ${split} split has ${y.length} labels and ${x.length / size} rows, meta says ${meta.splits[split]}`);
      }
      fs.writeFileSync(xFile(tmp, split), Buffer.from(x.buffer, x.byteOffset, x.byteLength));
      fs.writeFileSync(yFile(tmp, split), Buffer.from(y.buffer, y.byteOffset, y.byteLength));
    }
    fs.writeFileSync(path.join(tmp, 'meta.json'), JSON.stringify(meta, null, 2));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(tmp, dir);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

export function readDatasetMeta(dir: string): DatasetMeta {
  const file = path.join(dir, 'meta.json');
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

function readF32(file: string, expected: number): Float32Array {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (err) {
    throw new AppError('io_error', `${file}: cannot read dataset cache (${(err as Error).message})`);
  }
  if (buf.byteLength !== expected * 4) {
    throw new AppError('invalid_input', `${file}: expected ${expected} float32 values, found ${buf.byteLength / 4} (cache truncated?)`);
  }
  // Copy into an aligned buffer: Node may hand back a Buffer that is a slice of a shared pool.
  const out = new Float32Array(expected);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

export function readSplit(dir: string, meta: DatasetMeta, split: Split): SplitArrays {
  const count = meta.splits[split];
  return {
    x: readF32(xFile(dir, split), count * featureSize(meta)),
    y: readF32(yFile(dir, split), count),
    count,
  };
}
