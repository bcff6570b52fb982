/**
 * What remote workers cost (issue 14): the same study of trivial trials (one epoch of a 4-unit MLP on
 * the built-in 1000×10 sample, cpu backend) run by the owner's own trainer processes (2 at once), and
 * through BullMQ on a local Redis by 2 `hparam-studio worker` processes (1 trial each at once) on this
 * machine. Per trial, the remote path adds: queueing the job, a worker's pickup, the dataset fetch
 * (first trial of each worker), relaying every message through a Redis stream, and shipping the
 * checkpoint home. Printed: wall time, trials/s, and the added seconds per trial per slot.
 *
 * Published reference (another machine, not measured here): Ray Tune took 22.73 s for 100 trials of a
 * trivial objective (Optuna alone 0.10 s), https://github.com/ray-project/ray/issues/11004.
 *
 *   npm run build:node && node scripts/run-ts.mjs bench/remote-trials.ts [trials]     (default 100)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { PoolKeys } from '../src/main/core/remote/pool-keys';
import { WireSigner } from '../src/main/core/remote/signing';
import { NodeLauncher } from '../src/main/core/scheduler/launcher-node';
import { Services } from '../src/main/core/services';
import { validateStudySpec } from '../src/main/core/search/validate-spec';
import type { StudySpec } from '../src/shared/domain/study-spec';
import { startRedis } from '../test/helpers/redis-server';

const TRIALS = Number(process.argv[2] ?? 100);
const SLOTS = 2;
const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'out', 'node', 'cli.js');
const trainer = path.join(root, 'out', 'node', 'trainer.js');
const RAY_TUNE_100_TRIALS_S = 22.73;

function spec(name: string, executor?: StudySpec['executor']): StudySpec {
  return validateStudySpec({
    name,
    dataset: 'sample:binary-1000x10',
    template: 'mlp',
    algorithm: 'random',
    seed: 1,
    budget: { maxTrials: TRIALS },
    concurrency: SLOTS,
    backend: 'cpu',
    ...(executor ? { executor } : {}),
    space: { epochs: 1, hidden_layers: 1, units: 4, batch_size: 256, learning_rate: { type: 'log-float', low: 1e-3, high: 1e-1 } },
  }, 'bench/remote-trials.ts');
}

/** Runs the study to its end; wall seconds, and the mean seconds from a run's launch to its end. */
async function runStudy(dataDir: string, s: StudySpec, redisUrl?: string): Promise<{ seconds: number; perTrial: number; completed: number }> {
  const services = new Services({ dataDir, launcher: new NodeLauncher(trainer), concurrency: SLOTS, redisUrl });
  try {
    const study = services.createStudy(s);
    const t0 = performance.now();
    const end = await services.scheduler.startStudy(study.id);
    const seconds = (performance.now() - t0) / 1000;
    if (end.status !== 'completed') throw new Error(`study ${s.name} ended ${end.status}: ${end.reason}`);
    const runs = services.store.listRuns(study.id);
    const spans = runs.map((r) => (Date.parse(r.endedAt!) - Date.parse(r.startedAt!)) / 1000);
    return { seconds, perTrial: spans.reduce((a, b) => a + b, 0) / spans.length, completed: runs.filter((r) => r.status === 'completed').length };
  } finally {
    await services.close();
  }
}

function startWorker(redisUrl: string, workDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [cli, 'worker', '--redis', redisUrl, '--concurrency', '1', '--gpus', 'none', '--work-dir', workDir], { env: process.env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (/pulling trials/.test(out)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before it started:\n${out}`)));
  });
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;

/** From added to picked up by a worker, per job, as BullMQ recorded it (completed jobs stay an hour). */
async function queueTimes(redisUrl: string): Promise<{ wait: number; waitP90: number; jobs: number }> {
  const keys = new PoolKeys(new WireSigner(process.env.HPS_WORKER_TOKEN!).fingerprint);
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(keys.queueName, { connection, prefix: keys.prefix });
  try {
    const jobs = await queue.getJobs(['completed'], 0, -1);
    const waits = jobs.map((j) => j.processedOn! - j.timestamp);
    return { wait: quantile(waits, 0.5), waitP90: quantile(waits, 0.9), jobs: jobs.length };
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

async function main(): Promise<void> {
  for (const f of [cli, trainer]) if (!fs.existsSync(f)) throw new Error(`${f} is missing: npm run build:node`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hps-remote-bench-'));
  process.env.HPS_WORKER_TOKEN = 'bench-worker-token-0123456789';
  const redis = await startRedis();
  const workers: ChildProcess[] = [];
  try {
    console.log(`${TRIALS} trivial trials, ${SLOTS} at a time, on ${os.cpus().length} CPU cores (${os.cpus()[0]?.model ?? 'unknown CPU'})`);
    const local = await runStudy(path.join(scratch, 'local'), spec('local'));
    for (const n of ['w1', 'w2']) workers.push(await startWorker(redis.url, path.join(scratch, n)));
    const remote = await runStudy(path.join(scratch, 'remote'), spec('remote', { type: 'bullmq' }), redis.url);
    const pickup = await queueTimes(redis.url);
    const addedPerTrial = ((remote.seconds - local.seconds) * SLOTS) / TRIALS;

    console.log('\n                                      wall s   trials/s   launch→end per trial s   completed');
    const row = (label: string, r: { seconds: number; perTrial: number; completed: number }) =>
      console.log(`${label.padEnd(36)}  ${r.seconds.toFixed(1).padStart(6)}   ${(TRIALS / r.seconds).toFixed(2).padStart(8)}   ${r.perTrial.toFixed(2).padStart(22)}   ${String(r.completed).padStart(9)}`);
    row('owner, local trainer processes', local);
    row('2 workers through BullMQ on Redis', remote);
    console.log(`\nqueue → worker pickup (BullMQ job timestamps): median ${pickup.wait.toFixed(0)} ms, p90 ${pickup.waitP90.toFixed(0)} ms over ${pickup.jobs} jobs`);
    console.log(`added by the remote path: ${addedPerTrial.toFixed(2)} s per trial per slot (${(((remote.seconds - local.seconds) / local.seconds) * 100).toFixed(0)}% of the local wall time)`);
    console.log(`published reference, not measured here: Ray Tune, 100 trivial trials in ${RAY_TUNE_100_TRIALS_S} s = ${(100 / RAY_TUNE_100_TRIALS_S).toFixed(2)} trials/s (ray-project/ray#11004)`);
  } finally {
    // Workers leave first (they take their records out of Redis), then Redis goes.
    await Promise.all(workers.map((w) => new Promise((resolve) => (w.once('exit', resolve), w.kill('SIGTERM')))));
    await redis.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
