import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureSample } from '../../../../../../src/main/core/datasets/samples/ensure-sample';
import { PoolKeys } from '../../../../../../src/main/core/remote/pool-keys';
import { openRedis } from '../../../../../../src/main/core/remote/redis-connect';
import { parseRedisUrl } from '../../../../../../src/main/core/remote/redis-url';
import { WireSigner } from '../../../../../../src/main/core/remote/signing';
import { entryFields, openEntry, type RemoteJob } from '../../../../../../src/main/core/remote/wire';
import { JobRunner } from '../../../../../../src/main/core/remote/worker/job-runner';
import { resolveTrialConfig } from '../../../../../../src/shared/domain/hparams';
import { TRAINER_PROTOCOL_VERSION } from '../../../../../../src/shared/trainer-protocol';
import { useRedisServer } from '../../../../../helpers/use-redis';
import { useTempDir, waitForAsync } from '../../../../../helpers/temp-dir';
import { FakeLauncher } from '../../scheduler/fake-launcher';

const signer = new WireSigner('job-runner-test-token-0123');
const keys = new PoolKeys(signer.fingerprint);

/**
 * The worker's side of a judged trial (the study has a pruner or a budget): its trainer waits for the
 * owner's verdict after each epoch. Verdicts from the control stream reach it; when none comes, the
 * worker stops the trainer and reports why instead of holding the slot for an owner that is gone.
 */
describe('a judged trial on a worker', () => {
  const tempDir = useTempDir();
  const live = useRedisServer();

  function runner(runId: number, verdictWaitMs?: number) {
    const scratch = tempDir();
    const jobId = PoolKeys.jobId(runId, 1);
    const job: RemoteJob = {
      v: 1,
      runId,
      attempt: 1,
      studyId: 1,
      start: {
        type: 'start',
        protocol: TRAINER_PROTOCOL_VERSION,
        device: 'cpu',
        runId,
        attempt: 1,
        config: resolveTrialConfig('mlp', 'binary', 5, { epochs: 2 }),
        dataset: { meta: ensureSample('binary-1000x10', path.join(scratch, 'datasets')).meta, cacheDir: '' },
        backend: 'cpu',
        runDir: '',
        heartbeatMs: 20_000,
        threads: 1,
        verdicts: true,
      },
    };
    const launcher = new FakeLauncher();
    const lines: string[] = [];
    const jobRunner = new JobRunner(
      {
        redis: live.redis,
        duplicate: () => openRedis(parseRedisUrl(live.server.url, 'test'), 'test control'),
        keys,
        signer,
        launcher,
        runDir: path.join(scratch, 'run'),
        dataset: async () => path.join(scratch, 'datasets'),
        backend: undefined,
        env: {},
        describe: 'test-worker',
        verdictWaitMs,
        log: (line) => lines.push(line),
      },
      jobId,
      job,
    );
    const ended = jobRunner.run();
    const out = async () => (await live.redis.xrange(keys.out(jobId), '-', '+')).map(([, f]) => openEntry(signer, jobId, f)!);
    const verdict = (epoch: number) => live.redis.xadd(keys.ctl(jobId), '*', ...entryFields(signer, jobId, 'msg', { type: 'verdict', epoch, stop: null }));
    return { launcher, ended, out, verdict, lines, runId };
  }

  it("each verdict from the owner lets the trainer go on; the trial completes", async () => {
    const { launcher, ended, out, verdict, runId } = runner(21);
    const trainer = await launcher.live(runId);
    trainer.ready();
    for (const epoch of [1, 2]) {
      trainer.step();
      await waitForAsync(`epoch ${epoch} relayed`, async () => (await out()).some((e) => (e.data as { epoch?: number }).epoch === epoch));
      expect(trainer.canStep).toBe(false); // waits for the verdict
      await verdict(epoch);
      await waitForAsync(`the verdict on epoch ${epoch} at the trainer`, async () => trainer.verdictsSeen.length === epoch);
    }
    await expect(ended).resolves.toBe('reported');
    const exit = (await out()).at(-1)!;
    expect(exit).toMatchObject({ kind: 'exit', data: { reason: 'clean-exit' } });
  });

  it('no verdict from the owner: the worker stops the trainer and reports why', async () => {
    const { launcher, ended, out, lines, runId } = runner(22, 200);
    const trainer = await launcher.live(runId);
    trainer.ready();
    trainer.step();
    await expect(ended).resolves.toBe('reported');
    expect(trainer.exited).toMatchObject({ reason: 'killed' });
    const entries = await out();
    expect(entries.some((e) => e.kind === 'msg' && /no verdict from the owner on epoch 1/.test(String((e.data as { message?: string }).message)))).toBe(true);
    expect(entries.at(-1)).toMatchObject({ kind: 'exit', data: { reason: 'killed', stderrTail: expect.stringMatching(/no verdict from the owner on epoch 1/) } });
    expect(lines.join('\n')).toMatch(/no verdict from the owner on epoch 1/);
  });
});
