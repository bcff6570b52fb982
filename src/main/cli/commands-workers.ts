import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { BACKENDS, type BackendPreference } from '../../shared/domain/run';
import { AppError } from '../../shared/result';
import { resolveDataPaths } from '../core/paths';
import { REDIS_URL_ENV } from '../core/remote/remote-executors';
import { ownerToken, TOKEN_ENV, workerToken } from '../core/remote/worker-token';
import { detectGpus } from '../core/remote/worker/gpus';
import { RemoteWorker } from '../core/remote/worker/remote-worker';
import { openReader, type GlobalOptions } from './api/connect';
import { renderTable } from './format';

const DEFAULT_LOCK_MS = 10_000;

interface WorkerFlags {
  redis: string;
  concurrency?: number;
  backend?: string;
  workDir?: string;
  gpus?: string;
  tokenFile?: string;
  lockMs: number;
}

function positiveInt(name: string, min = 1) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new AppError('invalid_input', `${name}: expected a whole number ≥ ${min}, got '${v}'`);
    return n;
  };
}

/** Where a worker keeps datasets and run folders: --work-dir, else the user's cache folder. */
function defaultWorkDir(): string {
  const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'hparam-studio', 'worker');
}

function parseGpus(flag: string | undefined): string[] {
  if (flag === undefined) return detectGpus();
  if (flag === 'none') return [];
  const list = flag.split(',').map((g) => g.trim());
  if (list.some((g) => !/^\d+$/.test(g))) throw new AppError('invalid_input', `--gpus: expected GPU indices like 0,1 or 'none', got '${flag}'`);
  return list;
}

function parseBackend(flag: string | undefined): BackendPreference | undefined {
  if (flag === undefined) return undefined;
  const allowed: readonly string[] = ['auto', ...BACKENDS];
  if (!allowed.includes(flag)) throw new AppError('invalid_input', `--backend: '${flag}' is not one of ${allowed.join(', ')}`);
  return flag as BackendPreference;
}

async function runWorker(flags: WorkerFlags): Promise<void> {
  const worker = await RemoteWorker.start({
    redisUrl: flags.redis,
    token: workerToken(flags.tokenFile),
    concurrency: flags.concurrency,
    backend: parseBackend(flags.backend),
    workDir: path.resolve(flags.workDir ?? defaultWorkDir()),
    gpus: parseGpus(flags.gpus),
    lockDurationMs: flags.lockMs,
    log: (line) => process.stdout.write(`[worker] ${line}\n`),
  });
  const gpus = worker.gpus.length ? `, placed on GPU ${worker.gpus.join(', ')}` : '';
  process.stdout.write(
    `Worker ${worker.id} pulling trials from ${worker.target.display}: ${worker.concurrency} at once${gpus}. Ctrl-C hands its trials back to other workers.\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.once('SIGINT', () => process.exit(130)); // a second Ctrl-C: leave now
  process.stdout.write('Stopping: trials in progress are handed back to other workers (Ctrl-C again to quit now).\n');
  const handedBack = await worker.stop();
  process.stdout.write(`Worker stopped${handedBack ? `; ${handedBack} trial(s) handed back: they resume from their last checkpoint on another worker` : ''}.\n`);
  // Trainers were killed and every connection closed; BullMQ's own timers need not be waited for.
  process.exit(0);
}

export function registerWorkerCommands(program: Command): void {
  program
    .command('worker')
    .description("train an owner's trials on this machine: pulls them from its Redis queue (BullMQ), one trainer process per trial")
    .requiredOption('--redis <url>', 'the owner\'s Redis: redis://[USER:PASSWORD@]HOST:PORT (rediss:// for TLS)')
    .option('--concurrency <n>', 'trials at once (default: one per GPU, else the CPU cores)', positiveInt('--concurrency'))
    .option('--backend <name>', `${['auto', ...BACKENDS].join(' | ')} for studies that leave it open`)
    .option('--gpus <list>', "GPU indices to place trials on (default: what nvidia-smi lists), or 'none'")
    .option('--work-dir <dir>', 'dataset cache and run folders (default: ~/.cache/hparam-studio/worker)')
    .option('--token-file <file>', `file holding the owner's worker token (default: env ${TOKEN_ENV})`)
    .option('--lock-ms <ms>', "how long a vanished worker's trials wait before another worker resumes them", positiveInt('--lock-ms', 500), DEFAULT_LOCK_MS)
    .action((flags: WorkerFlags) => runWorker(flags));

  program
    .command('workers')
    .description('list the remote workers of this data directory\'s Redis: host, backend, running trials, last heartbeat')
    .option('--redis <url>', `Redis to list (default: env ${REDIS_URL_ENV}, else Settings → Workers)`)
    .option('--token', 'print the worker token, and how to start a worker with it')
    .action(async (flags: { redis?: string; token?: boolean }, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions>();
      if (flags.token) {
        const { dataDir } = resolveDataPaths(opts);
        const token = ownerToken(dataDir, true)!;
        const redis = flags.redis ?? process.env[REDIS_URL_ENV] ?? 'redis://HOST:6379';
        process.stdout.write(`${token}\n\nStart a worker with:\n  ${TOKEN_ENV}=${token} npx hparam-studio worker --redis ${redis.replace(/\/\/[^@/]*@/, '//')}\n`);
        return;
      }
      const api = openReader({ ...opts, redisUrl: flags.redis });
      try {
        const list = await api.call('workers.list');
        if (!list.redis) {
          process.stdout.write(`No Redis configured for remote workers: pass --redis, set ${REDIS_URL_ENV}, or fill in Settings → Workers.\n`);
          return;
        }
        if (list.error) throw new AppError('io_error', list.error);
        if (list.workers.length === 0) {
          process.stdout.write(`No workers on ${list.redis} yet. Start one with: hparam-studio worker --redis ${list.redis} (token: hparam-studio workers --token)\n`);
          return;
        }
        const rows = list.workers.map((w) => [
          w.state,
          w.host,
          w.id,
          w.backend,
          w.gpus.length ? w.gpus.join(',') : '—',
          `${w.running.length}/${w.concurrency}`,
          w.running.map((r) => `run ${r.runId} (study ${r.studyId}, attempt ${r.attempt})`).join('; ') || '—',
          `${w.secondsSinceHeartbeat} s ago`,
        ]);
        process.stdout.write(`Workers on ${list.redis}:\n\n${renderTable(['STATE', 'HOST', 'ID', 'BACKEND', 'GPUS', 'SLOTS', 'RUNNING', 'LAST HEARTBEAT'], rows)}\n`);
      } finally {
        await api.close();
      }
    });
}
