import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { xFile, yFile } from '../../../formats/dataset-cache';
import type { DatasetMeta, DatasetRef } from '../../../shared/domain/dataset';
import { AppError } from '../../../shared/result';
import { BLOB_TTL_S } from './checkpoint-blobs';
import type { PoolKeys } from './pool-keys';
import type { WireSigner } from './signing';

/** Values of a few MiB keep Redis responsive (one value is written or read in one go). */
const CHUNK_BYTES = 8 * 1024 * 1024;
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{7,127}$/;
const SAFE_FILE = /^(train|val)\.[xy]\.(f32|u8)$/;

const manifestSchema = z.object({
  files: z.array(z.object({ name: z.string().regex(SAFE_FILE), bytes: z.number().int().min(0), sha256: z.string(), chunks: z.number().int().min(0) })),
});
type Manifest = z.infer<typeof manifestSchema>;

/** What a worker needs of a dataset: the training and validation splits. The test split never leaves the owner. */
function trainingFiles(ref: DatasetRef): string[] {
  return (['train', 'val'] as const).flatMap((split) => [xFile(ref.cacheDir, ref.meta, split), yFile(ref.cacheDir, split)]);
}

/**
 * Puts a dataset's training files into Redis by content hash, once (a present manifest only has its
 * expiry renewed). Chunks go first and the signed manifest last, so a manifest always names complete data.
 */
export async function publishDataset(redis: Redis, keys: PoolKeys, signer: WireSigner, ref: DatasetRef): Promise<void> {
  const { id } = ref.meta;
  const key = keys.dataset(id);
  const present = await redis.hget(key, 'm');
  if (present !== null) {
    const manifest = manifestSchema.parse(JSON.parse(present));
    const tx = redis.multi().expire(key, BLOB_TTL_S);
    for (const f of manifest.files) for (let i = 0; i < f.chunks; i++) tx.expire(keys.datasetChunk(id, f.name, i), BLOB_TTL_S);
    await tx.exec();
    return;
  }
  const manifest: Manifest = { files: [] };
  for (const file of trainingFiles(ref)) {
    const name = path.basename(file);
    const hash = crypto.createHash('sha256');
    const fd = fs.openSync(file, 'r');
    let bytes = 0;
    let chunks = 0;
    try {
      const buf = Buffer.allocUnsafe(CHUNK_BYTES);
      for (;;) {
        const n = fs.readSync(fd, buf, 0, CHUNK_BYTES, bytes);
        if (n === 0) break;
        const chunk = Buffer.from(buf.subarray(0, n));
        hash.update(chunk);
        await redis.set(keys.datasetChunk(id, name, chunks), chunk, 'EX', BLOB_TTL_S);
        bytes += n;
        chunks++;
      }
    } finally {
      fs.closeSync(fd);
    }
    manifest.files.push({ name, bytes, sha256: hash.digest('hex'), chunks });
  }
  const text = JSON.stringify(manifest);
  await redis.multi().hset(key, 'm', text, 's', signer.sign('dataset', id, text)).expire(key, BLOB_TTL_S).exec();
}

/**
 * The dataset's cache folder on this worker, fetched from Redis the first time: verified against the
 * token's signature and each file's sha256, written into a temp folder renamed into place last, then
 * kept for every later trial on the same data.
 */
export async function fetchDataset(redis: Redis, keys: PoolKeys, signer: WireSigner, meta: DatasetMeta, root: string): Promise<string> {
  const { id } = meta;
  if (!SAFE_ID.test(id)) throw new AppError('invalid_input', `dataset id ${JSON.stringify(id)}: not a content hash`);
  const dir = path.join(root, id);
  if (fs.existsSync(dir)) return dir;
  const raw = await redis.hmget(keys.dataset(id), 'm', 's');
  const [text, sig] = raw;
  if (!text) throw Object.assign(new Error(`dataset ${meta.name} (${id.slice(0, 12)}) is not in Redis: its owner publishes it when it queues a trial`), { code: 'ENOENT' });
  if (!signer.verify(sig ?? undefined, 'dataset', id, text)) throw new AppError('unauthorized', `dataset ${id.slice(0, 12)}: manifest signature does not match the worker token`);
  const manifest = manifestSchema.parse(JSON.parse(text));
  const tmp = path.join(root, `.tmp-${id}-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  fs.mkdirSync(tmp, { recursive: true });
  try {
    for (const f of manifest.files) {
      const hash = crypto.createHash('sha256');
      const fd = fs.openSync(path.join(tmp, f.name), 'w');
      let bytes = 0;
      try {
        for (let i = 0; i < f.chunks; i++) {
          const chunk = await redis.getBuffer(keys.datasetChunk(id, f.name, i));
          if (!chunk) throw Object.assign(new Error(`dataset ${id.slice(0, 12)}: chunk ${i} of ${f.name} is missing in Redis (expired?)`), { code: 'ENOENT' });
          hash.update(chunk);
          fs.writeSync(fd, chunk);
          bytes += chunk.byteLength;
        }
      } finally {
        fs.closeSync(fd);
      }
      if (bytes !== f.bytes || hash.digest('hex') !== f.sha256) throw new AppError('invalid_input', `dataset ${id.slice(0, 12)}: ${f.name} arrived damaged (size or sha256 differs from its manifest)`);
    }
    fs.writeFileSync(path.join(tmp, 'meta.json'), JSON.stringify(meta));
    try {
      fs.renameSync(tmp, dir);
    } catch (err) {
      // Another job on this worker fetched it first: theirs is as good.
      if (!fs.existsSync(dir)) throw err;
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    return dir;
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}
