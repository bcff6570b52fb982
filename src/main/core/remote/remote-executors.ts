import type { Executor } from '../../../shared/domain/executor';
import { AppError } from '../../../shared/result';
import type { Launcher } from '../scheduler/launcher';
import { BullmqLauncher } from '../scheduler/launcher-bullmq';
import type { SettingsFile } from '../settings';
import { parseRedisUrl, type RedisTarget } from './redis-url';
import type { ListedWorker } from './registry';
import { RemotePool } from './remote-pool';
import { ownerToken } from './worker-token';

export const REDIS_URL_ENV = 'HPS_REDIS_URL';

export interface RemoteExecutorsOptions {
  dataDir: string;
  settings: SettingsFile;
  /** The owner's Redis as given on its command line (`--redis`), credentials included. */
  redisUrl?: string;
  /** A process that only reads: it may list workers, never create a token or queue a trial. */
  readOnly: boolean;
  /** The study of a run (jobs carry it for the workers' listing). */
  studyOf: (runId: number) => number;
  /** Redis URLs that stored studies name (newest first): what to list when the owner has none of its own. */
  studiesRedis: () => string[];
}

export interface WorkersView {
  redis: string | null;
  error: string | null;
  /** Redis's clock when the list was read (ms): ages of beats and jobs are measured on it. */
  now: number;
  workers: ListedWorker[];
}

/**
 * The owner's remote executors: which Redis a study's trials go to, and one pool (connection, queue,
 * watchdog) per Redis in use. The owner's own Redis URL (--redis, else HPS_REDIS_URL, else Settings →
 * Workers) carries the credentials; a spec names Redis by host and port only, and borrows those
 * credentials when it names the same server.
 */
export class RemoteExecutors {
  private readonly pools = new Map<string, RemotePool>();
  private readonly launchers = new Map<string, Launcher>();

  constructor(private readonly opts: RemoteExecutorsOptions) {}

  /** The owner's Redis, or null when none is configured. */
  configured(): RedisTarget | null {
    const url = this.opts.redisUrl ?? process.env[REDIS_URL_ENV] ?? this.opts.settings.read().redisUrl;
    if (!url) return null;
    const field = this.opts.redisUrl ? '--redis' : process.env[REDIS_URL_ENV] ? REDIS_URL_ENV : 'Settings → Workers → Redis URL';
    return parseRedisUrl(url, field);
  }

  /** The Redis a `bullmq` executor means, with the owner's credentials when it is the owner's server. */
  resolve(executor: Extract<Executor, { type: 'bullmq' }>): RedisTarget {
    const own = this.configured();
    if (!executor.redis) {
      if (own) return own;
      throw new AppError(
        'invalid_input',
        `executor: this study trains on workers, but this owner has no Redis: pass --redis redis://HOST:PORT, set ${REDIS_URL_ENV}, or fill in Settings → Workers`,
      );
    }
    const named = parseRedisUrl(executor.redis, 'executor.redis');
    return own && own.key === named.key ? own : named;
  }

  pool(target: RedisTarget): RemotePool {
    // By the URL as given: new credentials for the same server are a new connection.
    let pool = this.pools.get(target.url);
    if (!pool) {
      const token = ownerToken(this.opts.dataDir, !this.opts.readOnly);
      if (!token) throw new AppError('not_found', `${this.opts.dataDir} has no worker token yet: its owner creates one with the first remote study ('hparam-studio workers --token')`);
      pool = new RemotePool(target, token);
      this.pools.set(target.url, pool);
    }
    return pool;
  }

  launcher(executor: Extract<Executor, { type: 'bullmq' }>): Launcher {
    const target = this.resolve(executor);
    let launcher = this.launchers.get(target.url);
    if (!launcher) {
      launcher = new BullmqLauncher(this.pool(target), this.opts.studyOf);
      this.launchers.set(target.url, launcher);
    }
    return launcher;
  }

  /**
   * The workers of the owner's Redis (else the one in use, else the one the newest remote study names);
   * a connection problem is reported, not thrown.
   */
  async listWorkers(): Promise<WorkersView> {
    let target: RedisTarget | null;
    try {
      const named = this.opts.studiesRedis()[0];
      target = this.configured() ?? [...this.pools.values()][0]?.target ?? (named ? parseRedisUrl(named, 'executor.redis') : null);
    } catch (err) {
      return { redis: null, error: (err as Error).message, now: 0, workers: [] };
    }
    if (!target) return { redis: null, error: null, now: 0, workers: [] };
    try {
      const pool = this.pool(target);
      await pool.ready();
      return { redis: target.display, error: null, ...(await pool.listWorkers()) };
    } catch (err) {
      return { redis: target.display, error: (err as Error).message, now: 0, workers: [] };
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close()));
    this.pools.clear();
    this.launchers.clear();
  }
}
