import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkRedis, connectRedis } from '../../../../../src/main/core/remote/redis-connect';
import { parseRedisUrl } from '../../../../../src/main/core/remote/redis-url';
import { startRedis, type TestRedis } from '../../../../helpers/redis-server';

describe('checking a Redis before using it', () => {
  const servers: TestRedis[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.stop();
  });
  const redis = async (args: string[] = []) => {
    const s = await startRedis(args);
    servers.push(s);
    return s;
  };

  it('accepts a Redis with maxmemory-policy noeviction, and the connection it opens keeps commands queued (maxRetriesPerRequest null)', async () => {
    const s = await redis();
    const { target, redis: conn } = await connectRedis(s.url, '--redis', 'test');
    try {
      expect(target.display).toBe(`redis://127.0.0.1:${s.port}`);
      expect(conn.options.maxRetriesPerRequest).toBeNull();
      expect(await conn.ping()).toBe('PONG');
    } finally {
      conn.disconnect();
    }
  });

  it('refuses a Redis that evicts keys, saying which policy and how to fix it', async () => {
    const s = await redis(['--maxmemory-policy', 'allkeys-lru']);
    await expect(checkRedis(parseRedisUrl(s.url, '--redis'))).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(new RegExp(`has maxmemory-policy allkeys-lru.*CONFIG SET maxmemory-policy noeviction`)),
    });
  });

  it('credentials: missing or wrong is refused clearly (never echoing the password); right ones connect', async () => {
    const s = await redis(['--requirepass', 'pa55word-x']);
    await expect(checkRedis(parseRedisUrl(s.url, '--redis'))).rejects.toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/requires a password/) });
    const wrong = `redis://:nope-guess@127.0.0.1:${s.port}`;
    const err = await checkRedis(parseRedisUrl(wrong, '--redis')).catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/credentials in the URL were refused/) });
    expect((err as Error).message).not.toContain('nope-guess');
    await expect(checkRedis(parseRedisUrl(`redis://:pa55word-x@127.0.0.1:${s.port}`, '--redis'))).resolves.toBeUndefined();
  });

  it('an unreachable Redis fails in seconds with where it was looked for', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    await expect(checkRedis(parseRedisUrl(`redis://127.0.0.1:${port}`, '--redis'))).rejects.toMatchObject({
      code: 'io_error',
      message: `cannot reach Redis at redis://127.0.0.1:${port}: connection refused (is redis-server running there, and listening on that interface?)`,
    });
  });
});
