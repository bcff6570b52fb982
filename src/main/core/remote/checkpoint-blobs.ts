import fs from 'node:fs';
import path from 'node:path';
import type { ChainableCommander, Redis } from 'ioredis';
import { AppError } from '../../../shared/result';
import type { PoolKeys } from './pool-keys';
import { sha256Hex, type WireSigner } from './signing';

/** Keys a dead owner or worker leaves behind expire on their own after this long. */
export const BLOB_TTL_S = 7 * 24 * 3600;
/** Redis refuses string values past 512 MiB. */
const MAX_FILE_BYTES = 512 * 1024 * 1024 - 1;
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** A checkpoint folder's files (model.json, weights.bin, optimizer.bin, state.json), by name. */
export type CheckpointFiles = Map<string, Buffer>;

export function readCheckpointFiles(dir: string): CheckpointFiles {
  const files: CheckpointFiles = new Map();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile() || !SAFE_NAME.test(entry.name)) throw new AppError('invalid_input', `${path.join(dir, entry.name)}: a checkpoint holds plain files only`);
    const bytes = fs.readFileSync(path.join(dir, entry.name));
    if (bytes.byteLength > MAX_FILE_BYTES) throw new AppError('unsupported', `${path.join(dir, entry.name)}: ${bytes.byteLength} bytes, past Redis's 512 MiB value limit`);
    files.set(entry.name, bytes);
  }
  return files;
}

/** What a checkpoint's signature covers: the job, the epoch, and every file's name and digest. */
function signed(jobId: string, epoch: number, files: CheckpointFiles): (string | number)[] {
  const parts: (string | number)[] = ['ckpt', jobId, epoch];
  for (const name of [...files.keys()].sort()) parts.push(name, sha256Hex(files.get(name)!));
  return parts;
}

/**
 * Queues the writes of one checkpoint on `tx` (a MULTI), so that a worker stores a checkpoint and the
 * epoch message naming it atomically: an epoch the owner hears of always has its checkpoint in Redis.
 */
export function addCheckpoint(tx: ChainableCommander, keys: PoolKeys, signer: WireSigner, jobId: string, epoch: number, files: CheckpointFiles): void {
  const key = keys.checkpoint(jobId, epoch);
  const fields: (string | Buffer)[] = ['sig', signer.sign(...signed(jobId, epoch, files))];
  for (const [name, bytes] of files) fields.push(`f:${name}`, bytes);
  tx.del(key).hset(key, ...fields).expire(key, BLOB_TTL_S);
  tx.zadd(keys.checkpoints(jobId), epoch, String(epoch)).expire(keys.checkpoints(jobId), BLOB_TTL_S);
}

/** A checkpoint as stored, verified against the token; an unsigned or altered one is refused. */
export async function fetchCheckpoint(redis: Redis, keys: PoolKeys, signer: WireSigner, jobId: string, epoch: number): Promise<CheckpointFiles> {
  const raw = await redis.hgetallBuffer(keys.checkpoint(jobId, epoch));
  const files: CheckpointFiles = new Map();
  for (const [field, value] of Object.entries(raw)) {
    if (!field.startsWith('f:')) continue;
    const name = field.slice(2);
    if (!SAFE_NAME.test(name)) throw new AppError('invalid_input', `checkpoint of job ${jobId} epoch ${epoch}: refused file name ${JSON.stringify(name)}`);
    files.set(name, value);
  }
  if (files.size === 0) throw new AppError('not_found', `checkpoint of job ${jobId} epoch ${epoch} is not in Redis (expired, or Redis lost its data)`);
  if (!signer.verify(raw.sig?.toString(), ...signed(jobId, epoch, files))) {
    throw new AppError('unauthorized', `checkpoint of job ${jobId} epoch ${epoch}: signature does not match the worker token`);
  }
  return files;
}

/** Writes the files into `dir` through a temp folder renamed last, so a half-written checkpoint never looks complete. */
export function writeCheckpointFiles(files: CheckpointFiles, dir: string): void {
  const tmp = path.join(path.dirname(dir), `.tmp-${path.basename(dir)}-${process.pid}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  try {
    fs.mkdirSync(tmp, { recursive: true });
    for (const [name, bytes] of files) fs.writeFileSync(path.join(tmp, name), bytes);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(tmp, dir);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

/** The newest epoch whose checkpoint this job has in Redis, or null. */
export async function latestCheckpointEpoch(redis: Redis, keys: PoolKeys, jobId: string): Promise<number | null> {
  const top = await redis.zrevrange(keys.checkpoints(jobId), 0, 0);
  return top[0] === undefined ? null : Number(top[0]);
}

/** Drops the job's checkpoints older than `epoch` (the owner holds them on disk by then). */
export async function dropCheckpointsBefore(redis: Redis, keys: PoolKeys, jobId: string, epoch: number): Promise<void> {
  const old = await redis.zrangebyscore(keys.checkpoints(jobId), '-inf', `(${epoch}`);
  if (old.length === 0) return;
  await redis
    .multi()
    .del(...old.map((e) => keys.checkpoint(jobId, Number(e))))
    .zremrangebyscore(keys.checkpoints(jobId), '-inf', `(${epoch}`)
    .exec();
}
