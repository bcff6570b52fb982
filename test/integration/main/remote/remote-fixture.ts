import crypto from 'node:crypto';
import fs from 'node:fs';
import { Redis } from 'ioredis';
import path from 'node:path';
import { afterEach } from 'vitest';
import { Store } from '../../../../src/main/core/store/store';
import type { AttemptRow, MetricPoint, RunRow } from '../../../../src/main/core/store/types';
import type { StudySpec } from '../../../../src/shared/domain/study-spec';
import { spawnCli, type CliProcess } from '../../../helpers/cli';
import { startRedis, type TestRedis } from '../../../helpers/redis-server';
import { tinyStudySpec } from '../../../helpers/study-fixtures';
import { waitFor } from '../../../helpers/temp-dir';

/** One worker token for the owner and its workers in these tests (a real owner makes its own). */
export const TOKEN = 'test-worker-token-0123456789';
export const TOKEN_ENV = { HPS_WORKER_TOKEN: TOKEN };

/** Redis servers and processes a test started, stopped after it whatever happened. */
export function useRemoteCleanup(): { redis(): Promise<TestRedis>; track(p: CliProcess): CliProcess } {
  const servers: TestRedis[] = [];
  const procs: CliProcess[] = [];
  afterEach(async () => {
    for (const p of procs.splice(0)) if (p.proc.exitCode === null && p.proc.signalCode === null) p.proc.kill('SIGKILL');
    for (const s of servers.splice(0)) await s.stop();
  });
  return {
    async redis() {
      const s = await startRedis();
      servers.push(s);
      return s;
    },
    track(p) {
      procs.push(p);
      return p;
    },
  };
}

export interface WorkerOptions {
  /** trainer fault for every trial this worker trains (gate=PATH holds them before epoch 2 until PATH exists) */
  fault?: string;
  lockMs?: number;
  concurrency?: number;
}

/** Whether the queue holds job `jobId` (the key BullMQ keeps a job's data under). */
export async function queueHoldsJob(redisUrl: string, jobId: string): Promise<boolean> {
  const fingerprint = crypto.createHash('sha256').update(TOKEN).digest('hex').slice(0, 16);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    return (await redis.exists(`hps:trials-${fingerprint}:${jobId}`)) === 1;
  } finally {
    redis.disconnect();
  }
}

/** `hparam-studio worker` as its own process (the data dir flag is ignored by it: a worker has none). */
export function spawnWorker(scratch: string, name: string, redisUrl: string, opts: WorkerOptions = {}): CliProcess {
  const env: Record<string, string> = { ...TOKEN_ENV };
  if (opts.fault) env.HPS_TRAINER_FAULT = opts.fault;
  const workDir = path.join(scratch, name);
  return spawnCli(
    path.join(scratch, `${name}-unused-data`),
    ['worker', '--redis', redisUrl, '--concurrency', String(opts.concurrency ?? 1), '--work-dir', workDir, '--gpus', 'none', '--lock-ms', String(opts.lockMs ?? 2000)],
    env,
  );
}

/** Lines `run R attempt A (job J): started…` a worker printed, as [runId, jobId, rest]. */
export function startsIn(worker: CliProcess): { runId: number; jobId: string; line: string }[] {
  return [...worker.output().matchAll(/run (\d+) attempt \d+ \(job ([\d-]+)\): started(.*)/g)].map((m) => ({ runId: Number(m[1]), jobId: m[2]!, line: m[0] }));
}

export function writeSpec(dir: string, overrides: Partial<StudySpec>, epochs: number): string {
  const file = path.join(dir, 'study.json');
  fs.writeFileSync(file, JSON.stringify(tinyStudySpec(overrides, { epochs: { type: 'fixed', value: epochs } })));
  return file;
}

export interface Snapshot {
  runs: RunRow[];
  metrics: Map<number, MetricPoint[]>;
  attempts: Map<number, AttemptRow[]>;
}

/** The study's runs, curves and attempts as stored now; null while the owner is still creating the database. */
export function snapshot(dataDir: string, studyId = 1): Snapshot | null {
  let store: Store;
  try {
    store = Store.openReadOnly(path.join(dataDir, 'studies.db'));
  } catch {
    return null;
  }
  try {
    const runs = store.listRuns(studyId);
    return {
      runs,
      metrics: new Map(runs.map((r) => [r.id, store.getMetrics(r.id)])),
      attempts: new Map(runs.map((r) => [r.id, store.listAttempts(r.id)])),
    };
  } finally {
    store.close();
  }
}

/** Waits until `n` runs have their first epoch and its checkpoint on record. */
export function runsPastEpochOne(dataDir: string, n: number, about: () => string): Promise<RunRow[]> {
  return waitFor(`${n} run(s) with epoch 1 stored (${about()})`, () => {
    const runs = snapshot(dataDir)?.runs.filter((r) => (r.lastCheckpointEpoch ?? 0) >= 1) ?? [];
    return runs.length >= n ? runs : null;
  }, 120_000);
}

/** Each stored epoch's wall time by run and epoch: unchanged later means that epoch was never trained again. */
export function wallTimes(s: Snapshot): Map<string, number> {
  const out = new Map<string, number>();
  for (const [runId, points] of s.metrics) for (const m of points) if (m.name === 'loss') out.set(`run ${runId} epoch ${m.step}`, m.wallTime);
  return out;
}
