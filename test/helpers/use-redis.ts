import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { connectRedis } from '../../src/main/core/remote/redis-connect';
import { startRedis, type TestRedis } from './redis-server';

/** A redis-server of the file's own (see startRedis) and a checked connection to it, for every test of the file. */
export function useRedisServer(): { readonly server: TestRedis; readonly redis: Redis } {
  let server: TestRedis | null = null;
  let redis: Redis | null = null;
  beforeAll(async () => {
    server = await startRedis();
    redis = (await connectRedis(server.url, 'test', 'test')).redis;
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });
  return {
    get server() {
      return server!;
    },
    get redis() {
      return redis!;
    },
  };
}
