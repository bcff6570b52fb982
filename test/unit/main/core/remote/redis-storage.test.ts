import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addCheckpoint, dropCheckpointsBefore, fetchCheckpoint, latestCheckpointEpoch, readCheckpointFiles, writeCheckpointFiles } from '../../../../../src/main/core/remote/checkpoint-blobs';
import { fetchDataset, publishDataset } from '../../../../../src/main/core/remote/dataset-blobs';
import { PoolKeys } from '../../../../../src/main/core/remote/pool-keys';
import { listWorkers, LOST_AFTER_MS, writeBeat } from '../../../../../src/main/core/remote/registry';
import { WireSigner } from '../../../../../src/main/core/remote/signing';
import { ensureSample } from '../../../../../src/main/core/datasets/samples/ensure-sample';
import { useRedisServer } from '../../../../helpers/use-redis';
import { useTempDir } from '../../../../helpers/temp-dir';

const signer = new WireSigner('storage-test-token-0123');
const keys = new PoolKeys(signer.fingerprint);

describe('checkpoints, datasets and worker records in Redis', () => {
  const tempDir = useTempDir();
  const live = useRedisServer();

  it('a checkpoint goes in with its epoch and comes out the same, signed; an altered one is refused', async () => {
    const dir = path.join(tempDir(), 'epoch-3');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'model.json'), '{"format":"layers-model"}');
    fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.from([1, 2, 3, 250]));
    const tx = live.redis.multi();
    addCheckpoint(tx, keys, signer, '7-1', 3, readCheckpointFiles(dir));
    await tx.exec();
    expect(await latestCheckpointEpoch(live.redis, keys, '7-1')).toBe(3);
    const out = path.join(tempDir(), 'checkpoints', 'epoch-3');
    fs.mkdirSync(path.dirname(out));
    writeCheckpointFiles(await fetchCheckpoint(live.redis, keys, signer, '7-1', 3), out);
    expect(fs.readFileSync(path.join(out, 'weights.bin'))).toEqual(Buffer.from([1, 2, 3, 250]));
    expect(fs.readdirSync(path.dirname(out))).toEqual(['epoch-3']); // no temp folder left

    await expect(fetchCheckpoint(live.redis, keys, new WireSigner('another-token-456789'), '7-1', 3)).rejects.toMatchObject({ code: 'unauthorized' });
    await live.redis.hset(keys.checkpoint('7-1', 3), 'f:weights.bin', Buffer.from([9]));
    await expect(fetchCheckpoint(live.redis, keys, signer, '7-1', 3)).rejects.toThrow(/signature does not match/);
    await live.redis.hset(keys.checkpoint('7-1', 3), 'f:../escape', Buffer.from([9]));
    await expect(fetchCheckpoint(live.redis, keys, signer, '7-1', 3)).rejects.toThrow(/refused file name "..\/escape"/);

    await dropCheckpointsBefore(live.redis, keys, '7-1', 4);
    expect(await latestCheckpointEpoch(live.redis, keys, '7-1')).toBeNull();
    expect(await live.redis.exists(keys.checkpoint('7-1', 3))).toBe(0);
  });

  it('a dataset travels once by content hash, training splits only, checked on arrival', async () => {
    const ownerDir = tempDir();
    const ref = ensureSample('binary-1000x10', ownerDir);
    await publishDataset(live.redis, keys, signer, ref);
    const names = (await live.redis.keys(`${keys.dataset(ref.meta.id)}:*`)).map((k) => k.split(':').at(-2)).sort();
    expect(names).toEqual(['train.x.f32', 'train.y.f32', 'val.x.f32', 'val.y.f32']); // the test split stays home

    const workerDir = tempDir();
    const dir = await fetchDataset(live.redis, keys, signer, ref.meta, workerDir);
    for (const f of names) expect(fs.readFileSync(path.join(dir, f!))).toEqual(fs.readFileSync(path.join(ref.cacheDir, f!)));
    expect(fs.existsSync(path.join(dir, 'test.x.f32'))).toBe(false);

    // A damaged chunk is caught by its digest, and nothing is left in the cache.
    const chunk = keys.datasetChunk(ref.meta.id, 'val.y.f32', 0);
    const bytes = (await live.redis.getBuffer(chunk))!;
    bytes[0] = bytes[0]! ^ 0xff;
    await live.redis.set(chunk, bytes);
    const other = tempDir();
    await expect(fetchDataset(live.redis, keys, signer, ref.meta, other)).rejects.toThrow(/val\.y\.f32 arrived damaged/);
    expect(fs.readdirSync(other)).toEqual([]);
    // Published again: the manifest is there, so only its expiry is renewed (the damage stays: content is never rewritten).
    await publishDataset(live.redis, keys, signer, ref);
    expect(await live.redis.ttl(keys.dataset(ref.meta.id))).toBeGreaterThan(0);
  });

  it('worker records: online while they beat, lost after, by the Redis clock', async () => {
    const base = { host: 'gpu-box', pid: 1, backend: 'auto', concurrency: 2, gpus: ['0'], startedAt: 0, running: [] };
    await writeBeat(live.redis, keys, { ...base, id: 'a' });
    const [s, us] = await live.redis.time();
    const now = Number(s) * 1000 + Number(us) / 1000;
    await live.redis.hset(keys.workers, 'b', JSON.stringify({ ...base, id: 'b', beatAt: now - LOST_AFTER_MS - 1000 }));
    await live.redis.hset(keys.workers, 'c', JSON.stringify({ ...base, id: 'c', beatAt: now - 2 * 24 * 3600 * 1000 }));
    const { workers } = await listWorkers(live.redis, keys);
    expect(workers.map((w) => [w.id, w.state])).toEqual([
      ['a', 'online'],
      ['b', 'lost'],
    ]);
    expect(await live.redis.hexists(keys.workers, 'c')).toBe(0); // lost for a day: forgotten
  });
});
