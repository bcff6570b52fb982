import { Redis } from 'ioredis';
import { AppError } from '../../../shared/result';
import { parseRedisUrl, type RedisTarget } from './redis-url';

const CONNECT_TIMEOUT_MS = 5000;

/**
 * Checks a Redis before anything is queued on it, with one clear message per way it can be unfit:
 * unreachable, refusing the credentials, or evicting keys under memory pressure (BullMQ's production
 * guide requires `maxmemory-policy noeviction`: an evicted job, metric stream or checkpoint is a lost
 * trial). A throwaway connection that does not retry, so a wrong URL fails in seconds, not never.
 */
export async function checkRedis(target: RedisTarget): Promise<void> {
  const probe = new Redis(target.url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // The awaited call only says "Connection is closed": the cause (refused, NOAUTH…) comes as an event.
  let cause: unknown = null;
  probe.on('error', (err: unknown) => (cause ??= err));
  try {
    try {
      await probe.connect();
      await probe.ping();
    } catch (err) {
      throw connectError(target, cause ?? err);
    }
    const policy = await evictionPolicy(probe);
    if (policy !== null && policy !== 'noeviction') {
      throw new AppError(
        'conflict',
        `Redis at ${target.display} has maxmemory-policy ${policy}: it may evict queued trials, their metrics and checkpoints under memory pressure. ` +
          `HParam Studio (like BullMQ) needs noeviction: run 'redis-cli -h ${target.host} -p ${target.port} CONFIG SET maxmemory-policy noeviction' and set it in redis.conf to keep it.`,
      );
    }
  } finally {
    probe.disconnect();
  }
}

/**
 * The long-lived connection: reconnects forever (Redis restarted, network blip) and keeps commands
 * queued meanwhile (`maxRetriesPerRequest: null`, as BullMQ requires), so a restart costs a pause,
 * never a lost message.
 */
export function openRedis(target: RedisTarget, name: string): Redis {
  const redis = new Redis(target.url, {
    maxRetriesPerRequest: null,
    connectionName: name,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (times) => Math.min(100 * times, 2000),
  });
  let lastReported = '';
  redis.on('error', (err: Error) => {
    // One line per kind of trouble, not one per reconnect attempt.
    if (err.message === lastReported) return;
    lastReported = err.message;
    console.error(`[redis] ${target.display}: ${err.message} (reconnecting)`);
  });
  redis.on('ready', () => (lastReported = ''));
  return redis;
}

/** Parses, checks and opens: what the owner and a worker do first. */
export async function connectRedis(rawUrl: string, field: string, name: string): Promise<{ target: RedisTarget; redis: Redis }> {
  const target = parseRedisUrl(rawUrl, field);
  await checkRedis(target);
  return { target, redis: openRedis(target, name) };
}

/** CONFIG GET where allowed (managed Redis often renames CONFIG), else INFO memory; null when neither says. */
async function evictionPolicy(redis: Redis): Promise<string | null> {
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    if (reply[1]) return reply[1];
  } catch {
    // CONFIG disabled: INFO below
  }
  try {
    const info = await redis.info('memory');
    return /^maxmemory_policy:(\S+)/m.exec(info)?.[1] ?? null;
  } catch {
    return null;
  }
}

function connectError(target: RedisTarget, err: unknown): AppError {
  const message = err instanceof Error ? err.message : String(err);
  if (/WRONGPASS|NOAUTH|invalid password|invalid username/i.test(message)) {
    const how = target.hasCredentials ? 'the credentials in the URL were refused' : 'it requires a password';
    return new AppError('unauthorized', `Redis at ${target.display}: ${how} (${message}); give them as redis://USER:PASSWORD@HOST:PORT`);
  }
  if (/ECONNREFUSED/.test(message)) return new AppError('io_error', `cannot reach Redis at ${target.display}: connection refused (is redis-server running there, and listening on that interface?)`);
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return new AppError('io_error', `cannot reach Redis at ${target.display}: unknown host`);
  return new AppError('io_error', `cannot reach Redis at ${target.display}: ${message}`);
}
