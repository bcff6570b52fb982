import fs from 'node:fs';
import path from 'node:path';
import type { DatasetMeta, Split } from '../../../shared/domain/dataset';
import { AppError } from '../../../shared/result';
import { featureSize, isUint8, META_FILE, xFile, yFile, type FeatureArray } from '../../../formats/dataset-cache';
import { writeFailure } from '../fs/fs-errors';
import { cacheWriter, type WriteFile } from './import/fault-injection';

/**
 * Writes the cache into `dir` atomically: everything goes to a sibling temp dir that is renamed into
 * place last, so a crash mid-write never leaves a half-written dataset that looks complete. A full
 * disk removes the temp dir and says "disk full at <dir>" (code disk_full). `writeFile` is how each
 * file is written (tests hand in one that writes to /dev/full).
 */
export function writeDatasetCache(dir: string, meta: DatasetMeta, splits: Record<Split, { x: FeatureArray; y: Float32Array }>, writeFile: WriteFile = cacheWriter()): void {
  const size = featureSize(meta);
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  try {
    fs.mkdirSync(tmp);
  } catch (err) {
    throw writeFailure(err, dir, `the dataset cache of ${meta.name}`);
  }
  try {
    for (const split of ['train', 'val', 'test'] as const) {
      const { x, y } = splits[split];
      if (x.length !== y.length * size || y.length !== meta.splits[split]) {
        throw new AppError('internal', `dataset ${meta.name}: ${split} split has ${y.length} labels and ${x.length / size} rows, meta says ${meta.splits[split]}`);
      }
      if (x instanceof Uint8Array !== isUint8(meta)) {
        throw new AppError('internal', `dataset ${meta.name}: ${split} features are ${x.constructor.name} but meta.xDtype says ${meta.xDtype ?? 'float32'}`);
      }
      writeFile(xFile(tmp, meta, split), new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
      writeFile(yFile(tmp, split), new Uint8Array(y.buffer, y.byteOffset, y.byteLength));
    }
    writeFile(path.join(tmp, META_FILE), Buffer.from(JSON.stringify(meta, null, 2)));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(tmp, dir);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw writeFailure(err, dir, `the dataset cache of ${meta.name}`);
  }
}
