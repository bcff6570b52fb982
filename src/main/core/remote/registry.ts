import type { Redis } from 'ioredis';
import { z } from 'zod';
import { workerSchema } from '../../../shared/contract';
import type { PoolKeys } from './pool-keys';

/** A worker writes its record this often; BullMQ renews its job locks on its own timer beside it. */
export const BEAT_MS = 1000;
/** Silent this long (by Redis's clock, so machines' clocks never matter): shown as lost. */
export const LOST_AFTER_MS = 10_000;
/** Lost this long: forgotten. */
const FORGET_AFTER_MS = 24 * 3600 * 1000;

/** What the API lists of a worker, as the worker writes it, plus its times on Redis's clock. */
export const workerRecordSchema = workerSchema.pick({ id: true, host: true, pid: true, backend: true, concurrency: true, gpus: true }).extend({
  startedAt: z.number(),
  /** Redis server time (ms) of the last beat. */
  beatAt: z.number(),
  /** `since`: Redis server time (ms) the job started on this worker. */
  running: z.array(z.object({ jobId: z.string(), runId: z.number().int(), attempt: z.number().int(), studyId: z.number().int(), since: z.number() })),
});
export type WorkerRecord = z.infer<typeof workerRecordSchema>;
export type WorkerState = 'online' | 'lost';
export type ListedWorker = WorkerRecord & { state: WorkerState; ageMs: number };

/** Redis's clock in ms: every beat and every age is measured on it. */
export async function redisNow(redis: Redis): Promise<number> {
  const [s, us] = await redis.time();
  return Number(s) * 1000 + Math.floor(Number(us) / 1000);
}

export async function writeBeat(redis: Redis, keys: PoolKeys, record: Omit<WorkerRecord, 'beatAt'>): Promise<void> {
  const beatAt = await redisNow(redis);
  await redis.hset(keys.workers, record.id, JSON.stringify({ ...record, beatAt }));
}

/** A worker leaving on purpose takes its record along (a vanished one stays, marked lost). */
export async function removeWorker(redis: Redis, keys: PoolKeys, id: string): Promise<void> {
  await redis.hdel(keys.workers, id);
}

/** Every worker of the pool with its state, online first; records lost for a day are dropped. */
export async function listWorkers(redis: Redis, keys: PoolKeys): Promise<{ now: number; workers: ListedWorker[] }> {
  const [now, raw] = await Promise.all([redisNow(redis), redis.hgetall(keys.workers)]);
  const workers: ListedWorker[] = [];
  const forget: string[] = [];
  for (const [id, text] of Object.entries(raw)) {
    let parsed;
    try {
      parsed = workerRecordSchema.safeParse(JSON.parse(text));
    } catch {
      parsed = null;
    }
    if (!parsed?.success) {
      forget.push(id);
      continue;
    }
    const age = now - parsed.data.beatAt;
    if (age > FORGET_AFTER_MS) forget.push(id);
    else workers.push({ ...parsed.data, state: age > LOST_AFTER_MS ? 'lost' : 'online', ageMs: Math.max(0, age) });
  }
  if (forget.length) await redis.hdel(keys.workers, ...forget);
  workers.sort((a, b) => (a.state === b.state ? a.host.localeCompare(b.host) || a.id.localeCompare(b.id) : a.state === 'online' ? -1 : 1));
  return { now, workers };
}

/** Jobs that a live worker says it runs now. */
export function jobsHeldByLiveWorkers(workers: readonly ListedWorker[]): Set<string> {
  const held = new Set<string>();
  for (const w of workers) if (w.state === 'online') for (const r of w.running) held.add(r.jobId);
  return held;
}
