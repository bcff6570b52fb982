import { describe, expect, it } from 'vitest';
import type { TrainerExit } from '../../../../../src/main/core/scheduler/launcher';
import { ExecutorLauncher } from '../../../../../src/main/core/scheduler/launcher-router';
import { Scheduler } from '../../../../../src/main/core/scheduler/scheduler';
import { Services } from '../../../../../src/main/core/services';
import type { Executor } from '../../../../../src/shared/domain/executor';
import { TRAINER_PROTOCOL_VERSION, type HostToTrainer } from '../../../../../src/shared/trainer-protocol';
import { tinyStudySpec } from '../../../../helpers/study-fixtures';
import { useTempDir } from '../../../../helpers/temp-dir';
import { FakeLauncher, settle } from './fake-launcher';

const start = (runId: number) => ({ type: 'start', protocol: TRAINER_PROTOCOL_VERSION, runId }) as unknown as HostToTrainer;
const evaluate = (runId: number) => ({ type: 'evaluate', protocol: TRAINER_PROTOCOL_VERSION, runId }) as unknown as HostToTrainer;

describe('ExecutorLauncher: where a trainer process goes', () => {
  function router(executors: Record<number, Executor | undefined>, remoteFails = false) {
    const local = new FakeLauncher();
    const remote = new FakeLauncher();
    const launcher = new ExecutorLauncher(local, {
      executorOf: (runId) => executors[runId] ?? null,
      remote: () => {
        if (remoteFails) throw new Error('executor: this study trains on workers, but this owner has no Redis');
        return remote;
      },
    });
    return { local, remote, launcher };
  }

  it("a trial of a bullmq study goes to the workers; a local study's trials and every evaluation stay here", () => {
    const { local, remote, launcher } = router({ 1: { type: 'bullmq' }, 2: { type: 'local' } });
    const messages: unknown[] = [];
    const trial = launcher.launch({ runId: 1 });
    trial.onMessage((m) => messages.push(m)); // registered before the first message: carried over
    trial.send(start(1));
    expect(remote.of(1)).toHaveLength(1);
    remote.of(1)[0]!.ready();
    launcher.launch({ runId: 1 }).send(evaluate(1)); // the test split never leaves the owner
    launcher.launch({ runId: 2 }).send(start(2));
    launcher.launch({ runId: 3 }).send(start(3)); // unknown run: local
    expect(local.trainers.map((t) => t.runId)).toEqual([1, 2, 3]);
    expect(remote.trainers.map((t) => t.runId)).toEqual([1]);
    expect(trial.pid).toBe(remote.of(1)[0]!.pid);
    return settle().then(() => expect(messages).toMatchObject([{ type: 'ready' }]));
  });

  it('a remote trial that cannot be sent says why, as a retryable failure, and ends as a failed launch', async () => {
    const { local, launcher } = router({ 1: { type: 'bullmq' } }, true);
    const messages: unknown[] = [];
    const exits: TrainerExit[] = [];
    const proc = launcher.launch({ runId: 1 });
    proc.onMessage((m) => messages.push(m));
    proc.onExit((e) => exits.push(e));
    proc.send(start(1));
    await settle();
    expect(messages).toEqual([{ type: 'failed', message: 'executor: this study trains on workers, but this owner has no Redis', retryable: true }]);
    expect(exits).toMatchObject([{ reason: 'launch-failed' }]);
    expect(local.trainers).toHaveLength(0);
  });

  it('killed before its first message: nothing starts, and it ends once', () => {
    const { local, remote, launcher } = router({ 1: { type: 'bullmq' } });
    const exits: TrainerExit[] = [];
    const proc = launcher.launch({ runId: 1 });
    proc.onExit((e) => exits.push(e));
    proc.kill();
    proc.kill();
    proc.send(start(1));
    expect(exits).toEqual([{ reason: 'killed', code: null, signal: null, stderrTail: '' }]);
    expect(local.trainers.length + remote.trainers.length).toBe(0);
  });
});

describe('Scheduler slots with remote studies', () => {
  const tempDir = useTempDir();

  it("remote trials take none of this machine's slots: the spec's concurrency alone bounds them", async () => {
    const launcher = new FakeLauncher();
    const services = new Services({ dataDir: tempDir(), launcher, concurrency: 1 });
    try {
      const remote = services.createStudy(tinyStudySpec({ name: 'remote', concurrency: 3, budget: { maxTrials: 3 }, executor: { type: 'bullmq', redis: 'redis://127.0.0.1:1' } }));
      const local = services.createStudy(tinyStudySpec({ name: 'local', concurrency: 2, budget: { maxTrials: 2 } }));
      // The same store, driven by a scheduler whose launcher is the fake alone (no routing to Redis).
      const scheduler = new Scheduler({ store: services.store, launcher, runsDir: services.paths.runsDir, resolveDataset: (id) => services.store.getDataset(id)!, concurrency: 1 });
      void scheduler.startStudy(remote.id);
      void scheduler.startStudy(local.id);
      await settle();
      const running = (studyId: number) => services.store.listRuns(studyId, { status: ['running'] }).length;
      expect(running(remote.id)).toBe(3);
      expect(running(local.id)).toBe(1); // the one local slot
      for (const t of launcher.trainers) t.kill();
      await scheduler.shutdown();
    } finally {
      await services.close();
    }
  });
});
