import fs from 'node:fs';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSample } from '../../../../../src/main/core/datasets/samples/ensure-sample';
import { addCheckpoint } from '../../../../../src/main/core/remote/checkpoint-blobs';
import { connectRedis } from '../../../../../src/main/core/remote/redis-connect';
import { parseRedisUrl } from '../../../../../src/main/core/remote/redis-url';
import { RemotePool } from '../../../../../src/main/core/remote/remote-pool';
import { WireSigner } from '../../../../../src/main/core/remote/signing';
import { entryFields, openEntry, openJob } from '../../../../../src/main/core/remote/wire';
import type { TrainerExit } from '../../../../../src/main/core/scheduler/launcher';
import { RemoteTrainerProcess } from '../../../../../src/main/core/scheduler/remote-trainer-process';
import { resolveTrialConfig } from '../../../../../src/shared/domain/hparams';
import { TRAINER_PROTOCOL_VERSION, type StartMessage } from '../../../../../src/shared/trainer-protocol';
import { startRedis, type TestRedis } from '../../../../helpers/redis-server';
import { useTempDir, waitFor, waitForAsync } from '../../../../helpers/temp-dir';

const TOKEN = 'relay-test-token-0123456';

/** The owner's side of one remote trial against a real Redis, with this test in the worker's place. */
describe('RemoteTrainerProcess', () => {
  const tempDir = useTempDir();
  let server: TestRedis;
  let redis: Redis;
  let pool: RemotePool;
  beforeAll(async () => {
    server = await startRedis();
    redis = (await connectRedis(server.url, 'test', 'test')).redis;
    pool = new RemotePool(parseRedisUrl(server.url, 'test'), TOKEN);
  });
  afterAll(async () => {
    await pool.close();
    redis.disconnect();
    await server.stop();
  });

  function startMessage(runId: number, extra: Partial<StartMessage> = {}): StartMessage {
    const scratch = tempDir();
    return {
      type: 'start',
      protocol: TRAINER_PROTOCOL_VERSION,
      device: 'cpu',
      runId,
      attempt: 1,
      config: resolveTrialConfig('mlp', 'binary', 5, { epochs: 2 }),
      dataset: ensureSample('binary-1000x10', path.join(scratch, 'datasets')),
      backend: 'cpu',
      runDir: path.join(scratch, 'runs', String(runId)),
      heartbeatMs: 20_000,
      threads: 1,
      verdicts: false,
      ...extra,
    };
  }

  function launch(runId: number, extra: Partial<StartMessage> = {}) {
    const proc = new RemoteTrainerProcess(pool, 1);
    const messages: { type: string; [k: string]: unknown }[] = [];
    const exits: TrainerExit[] = [];
    proc.onMessage((m) => messages.push(m as { type: string }));
    proc.onExit((e) => exits.push(e));
    const start = startMessage(runId, extra);
    proc.send(start);
    return { proc, messages, exits, start, jobId: `${runId}-${start.attempt}` };
  }

  const worker = new WireSigner(TOKEN);
  const post = async (jobId: string, kind: string, data: unknown) => {
    await redis.xadd(pool.keys.out(jobId), '*', ...entryFields(worker, jobId, kind, data));
  };

  it('queues a signed job, relays what the worker sends in order, lands each checkpoint in the run folder, and drops forgeries', async () => {
    const { messages, exits, start, jobId } = launch(1);
    const jobKey = `hps:${pool.keys.queueName}:${jobId}`;
    const data = await waitForAsync('the job in the queue', () => redis.hget(jobKey, 'data'));
    const job = openJob(worker, jobId, JSON.parse(data));
    expect(job).toMatchObject({ runId: 1, attempt: 1, start: { runDir: '', dataset: { cacheDir: '' } } });
    // Nobody pulls from this queue: the owner says so in the run's log, and stands in for the heartbeat.
    await waitFor('the no-worker note and a heartbeat', () => messages.some((m) => m.type === 'heartbeat') && messages.some((m) => /none is online/.test(String(m.message))), 10_000);

    await redis.xadd(pool.keys.out(jobId), '*', ...entryFields(new WireSigner('forger-token-00000000'), jobId, 'msg', { type: 'done', epochsDone: 9, bestEpoch: 9, stoppedBy: 'completed', finalCheckpoint: null }));
    await post(jobId, 'msg', { type: 'ready', protocol: TRAINER_PROTOCOL_VERSION, pid: 77, backend: 'cpu', backendNotes: [], fallbacks: [] });
    const ckpt = tempDir();
    fs.writeFileSync(path.join(ckpt, 'state.json'), JSON.stringify({ not: 'a real state' }));
    fs.writeFileSync(path.join(ckpt, 'weights.bin'), Buffer.from([4, 2]));
    const tx = redis.multi();
    addCheckpoint(tx, pool.keys, worker, jobId, 1, new Map([['state.json', fs.readFileSync(path.join(ckpt, 'state.json'))], ['weights.bin', Buffer.from([4, 2])]]));
    tx.xadd(pool.keys.out(jobId), '*', ...entryFields(worker, jobId, 'msg', { type: 'epoch', epoch: 1, metrics: { loss: 0.5 }, wallTime: 1, checkpoint: { path: '/worker/runs/1-1/checkpoints/epoch-1', isBest: true } }));
    await tx.exec();
    await post(jobId, 'msg', { type: 'done', epochsDone: 1, bestEpoch: 1, stoppedBy: 'completed', finalCheckpoint: '/worker/runs/1-1/checkpoints/epoch-1' });
    await post(jobId, 'exit', { reason: 'clean-exit', code: 0, signal: null, stderrTail: '' });
    await waitFor('the exit', () => exits.length > 0, 10_000);

    const relayed = messages.filter((m) => m.type !== 'heartbeat' && m.type !== 'log');
    const local = path.join(start.runDir, 'checkpoints', 'epoch-1');
    expect(relayed).toEqual([
      // Parsed on arrival: the fields the worker's trainer left out come with the protocol's defaults.
      { type: 'ready', protocol: TRAINER_PROTOCOL_VERSION, pid: 77, backend: 'cpu', backendNotes: [], fallbacks: [], adapter: null, threads: 1 },
      { type: 'epoch', epoch: 1, metrics: { loss: 0.5 }, wallTime: 1, checkpoint: { path: local, isBest: true } },
      { type: 'done', epochsDone: 1, bestEpoch: 1, stoppedBy: 'completed', finalCheckpoint: local },
    ]);
    expect(fs.readFileSync(path.join(local, 'weights.bin'))).toEqual(Buffer.from([4, 2]));
    expect(messages.some((m) => m.type === 'log' && /without a valid worker-token signature/.test(String(m.message)))).toBe(true);
    expect(exits).toEqual([{ reason: 'clean-exit', code: 0, signal: null, stderrTail: '' }]);
    // Taken in: the job's stream, checkpoints and run marker are gone from Redis.
    await waitForAsync('the clean-up', async () => (await redis.exists(pool.keys.out(jobId), pool.keys.checkpoints(jobId), pool.keys.run(1))) === 0);
  });

  const ctlOf = (jobId: string) => async () => (await redis.xrange(pool.keys.ctl(jobId), '-', '+')).map(([, f]) => openEntry(worker, jobId, f));

  it('stop, continue and verdicts reach the worker signed; a kill ends the attempt at once and takes a waiting job off the queue', async () => {
    const { proc, exits, jobId } = launch(2);
    proc.send({ type: 'stop', mode: 'epoch-end', reason: 'paused' });
    proc.send({ type: 'continue' });
    proc.send({ type: 'verdict', epoch: 1, stop: 'pruned' });
    const ctl = ctlOf(jobId);
    await waitForAsync('stop, continue and the verdict sent', async () => (await ctl()).length === 3);
    proc.kill();
    expect(exits).toMatchObject([{ reason: 'killed' }]);
    await waitForAsync('the kill sent', async () => (await ctl()).length === 4);
    expect(await ctl()).toEqual([
      { kind: 'msg', data: { type: 'stop', mode: 'epoch-end', reason: 'paused' } },
      { kind: 'msg', data: { type: 'continue' } },
      { kind: 'msg', data: { type: 'verdict', epoch: 1, stop: 'pruned' } },
      { kind: 'kill', data: null },
    ]);
    await waitForAsync('the job off the queue', async () => (await redis.exists(`hps:${pool.keys.queueName}:${jobId}`)) === 0);
  });

  it("re-attached to a job whose trainer waits on an epoch the dead owner stored but never judged: it is told to go on", async () => {
    // The previous owner queued attempt 1, stored epoch 2, and died before its verdict went out.
    const old = '3-1';
    await post(old, 'msg', { type: 'epoch', epoch: 2, metrics: { loss: 0.4 }, wallTime: 1, checkpoint: null });
    await redis.hset(pool.keys.run(3), 'job', old, 'attempt', 1);
    const { proc, messages, exits } = launch(3, { attempt: 2, verdicts: true, resumeFrom: { epoch: 2, path: '/owner/runs/3/checkpoints/epoch-2' } });
    const ctl = ctlOf(old);
    await waitForAsync('the verdict on epoch 2', async () => (await ctl()).length === 1);
    expect(await ctl()).toEqual([{ kind: 'msg', data: { type: 'verdict', epoch: 2, stop: null } }]);
    expect(messages.some((m) => m.type === 'log' && /re-attached to job 3-1/.test(String(m.message)))).toBe(true);
    expect(messages.filter((m) => m.type === 'epoch')).toEqual([]); // on record: not stored twice
    proc.kill();
    expect(exits).toMatchObject([{ reason: 'killed' }]);
  });

  it('a run resumed right after its attempt ended gets a job of its own, never the one this owner just ended', async () => {
    const first = launch(4);
    await waitForAsync('the first job in the queue', async () => (await redis.hget(pool.keys.run(4), 'job')) === first.jobId);
    await post(first.jobId, 'exit', { reason: 'clean-exit', code: 0, signal: null, stderrTail: '' });
    await waitFor('the first attempt to end', () => first.exits.length > 0, 10_000);
    await waitForAsync('its clean-up', async () => (await redis.exists(pool.keys.run(4))) === 0);
    // As when the run is resumed at once, before that clean-up in the background has reached Redis.
    await post(first.jobId, 'msg', { type: 'heartbeat', at: 1 });
    await redis.hset(pool.keys.run(4), 'job', first.jobId, 'attempt', 1);
    const second = launch(4, { attempt: 2 });
    await waitForAsync('the second job in the queue', async () => (await redis.hget(pool.keys.run(4), 'job')) === '4-2');
    expect(second.messages.some((m) => /re-attached/.test(String(m.message)))).toBe(false);
    second.proc.kill();
  });
});
