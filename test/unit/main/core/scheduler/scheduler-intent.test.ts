import { describe, expect, it } from 'vitest';
import { Services } from '../../../../../src/main/core/services';
import { Store } from '../../../../../src/main/core/store/store';
import { tinyStudySpec } from '../../../../helpers/study-fixtures';
import { useTempDir, waitFor } from '../../../../helpers/temp-dir';
import { FakeLauncher, settle } from './fake-launcher';

/**
 * The scheduler's interleavings with trainers that advance only when told to: every user intent is
 * stored first, so whatever order things happen in, the study ends in the state the user asked for last.
 */
describe('Scheduler: stored intent under every interleaving', () => {
  const tempDir = useTempDir();

  function open(opts: { concurrency?: number; maxTrials?: number; epochs?: number; maxAttempts?: number } = {}) {
    const launcher = new FakeLauncher();
    const services = new Services({ dataDir: tempDir(), launcher, concurrency: opts.concurrency ?? 2 });
    const study = services.createStudy(
      tinyStudySpec({ budget: { maxTrials: opts.maxTrials ?? 2 }, maxAttempts: opts.maxAttempts ?? 2 }, { epochs: { type: 'fixed', value: opts.epochs ?? 3 } }),
    );
    return { launcher, services, store: services.store, scheduler: services.scheduler, study };
  }

  it('pause, then resume at once: the study runs on and completes; no run ends paused', async () => {
    const { launcher, services, store, scheduler, study } = open();
    try {
      const done = scheduler.startStudy(study.id);
      const [a, b] = await Promise.all([1, 2].map((id) => launcher.live(id)));
      a!.ready();
      b!.ready();
      a!.step();
      await settle();
      void scheduler.pauseStudy(study.id);
      expect(store.getStudy(study.id)?.status).toBe('paused');
      expect(store.getRun(1)?.stopRequest).toBe('pause');
      void scheduler.startStudy(study.id);
      expect(store.getStudy(study.id)?.status).toBe('running');
      expect(store.getRun(1)?.stopRequest).toBeNull();
      // The trainer heard 'continue' after 'stop': it trains on.
      expect(a!.sent.map((m) => m.type)).toEqual(['start', 'stop', 'continue']);
      await a!.finish();
      await b!.finish();
      await expect(done).resolves.toEqual({ status: 'completed', reason: null });
      expect(store.listRuns(study.id).map((r) => [r.status, r.attempt])).toEqual([
        ['completed', 1],
        ['completed', 1],
      ]);
    } finally {
      await services.close();
    }
  });

  it('resume after the trainer already carried out the pause: the run is requeued and continues from its checkpoint', async () => {
    const { launcher, services, store, scheduler, study } = open({ maxTrials: 1 });
    try {
      const done = scheduler.startStudy(study.id);
      const a = await launcher.live(1);
      a.ready();
      a.step();
      void scheduler.pauseStudy(study.id);
      a.step(); // epoch 2 ends: the trainer stops as asked and reports done(paused)…
      void scheduler.startStudy(study.id); // …while the user resumes before the host has heard it
      await settle();
      const again = await launcher.live(1);
      expect(again).not.toBe(a);
      expect(again.start?.resumeFrom?.epoch).toBe(2);
      again.ready();
      await again.finish();
      await expect(done).resolves.toMatchObject({ status: 'completed' });
      expect(store.listAttempts(1).map((x) => [x.fromEpoch, x.outcome])).toEqual([
        [0, 'requeued'],
        [2, 'completed'],
      ]);
      expect(store.getMetrics(1, ['loss']).map((m) => m.step)).toEqual([1, 2, 3]);
    } finally {
      await services.close();
    }
  });

  it('pause: trials finish their epoch and the study ends paused with its runs paused (not interrupted)', async () => {
    const { launcher, services, store, scheduler, study } = open();
    try {
      const done = scheduler.startStudy(study.id);
      const [a, b] = await Promise.all([1, 2].map((id) => launcher.live(id)));
      a!.ready();
      b!.ready();
      const paused = scheduler.pauseStudy(study.id);
      a!.step();
      b!.step();
      await expect(paused).resolves.toEqual({ status: 'paused', reason: null });
      await expect(done).resolves.toEqual({ status: 'paused', reason: null });
      expect(store.listRuns(study.id).map((r) => [r.status, r.epochsDone, r.lastCheckpointEpoch])).toEqual([
        ['paused', 1, 1],
        ['paused', 1, 1],
      ]);
    } finally {
      await services.close();
    }
  });

  it('cancel while launching (before ready): the run ends cancelled and nothing else is disturbed', async () => {
    const { launcher, services, store, scheduler, study } = open({ maxTrials: 2, concurrency: 1 });
    try {
      const done = scheduler.startStudy(study.id);
      const a = await launcher.live(1);
      scheduler.cancelRun(1);
      expect(store.getRun(1)?.stopRequest).toBe('cancel');
      await settle();
      expect(store.getRun(1)?.status).toBe('cancelled');
      const b = await launcher.live(2);
      expect(a.exited).not.toBeNull();
      b.ready();
      await b.finish();
      await expect(done).resolves.toMatchObject({ status: 'completed' });
      expect(store.listRuns(study.id).map((r) => r.status)).toEqual(['cancelled', 'completed']);
    } finally {
      await services.close();
    }
  });

  it('a crash between launch and ready is retried from scratch, and a crash after an epoch from its checkpoint', async () => {
    const { launcher, services, store, scheduler, study } = open({ maxTrials: 1, epochs: 3, maxAttempts: 3 });
    try {
      const done = scheduler.startStudy(study.id);
      (await launcher.live(1)).crash();
      const second = await launcher.live(1);
      expect(second.start?.resumeFrom).toBeUndefined();
      second.ready();
      second.step();
      await settle();
      second.crash();
      const third = await launcher.live(1);
      expect(third.start?.resumeFrom?.epoch).toBe(1);
      third.ready();
      await third.finish();
      await expect(done).resolves.toMatchObject({ status: 'completed' });
      // maxAttempts 3: the crash before ready and the one after epoch 1 each spent one; the third is allowed.
      expect(store.listAttempts(1).map((x) => [x.attempt, x.fromEpoch, x.outcome])).toEqual([
        [1, 0, 'retried'],
        [2, 0, 'retried'],
        [3, 1, 'completed'],
      ]);
      expect(store.getMetrics(1, ['loss']).map((m) => m.step)).toEqual([1, 2, 3]);
    } finally {
      await services.close();
    }
  });

  it('retries stop after maxAttempts failures outside the config; a config failure is never retried', async () => {
    const { launcher, services, store, scheduler, study } = open({ maxTrials: 2, concurrency: 2 });
    try {
      const done = scheduler.startStudy(study.id);
      (await launcher.live(2)).fail('shape mismatch in dense_1');
      for (let i = 0; i < 2; i++) {
        const t = await launcher.live(1);
        t.ready();
        t.step();
        t.fail('ENOSPC: no space left on device', true);
        await settle();
      }
      await expect(done).resolves.toMatchObject({ status: 'failed' });
      expect(store.getRun(1)).toMatchObject({ status: 'failed', failureKind: 'environment', failedAttempts: 2, error: expect.stringMatching(/ENOSPC.*\(attempt 2 of 2\)/) });
      expect(store.getRun(2)).toMatchObject({ status: 'failed', failureKind: 'config', attempt: 1, error: 'shape mismatch in dense_1' });
      expect(launcher.of(2)).toHaveLength(1);
    } finally {
      await services.close();
    }
  });

  it('prune while pausing ends pruned; cancel after a pause request ends cancelled', async () => {
    const { launcher, services, store, scheduler, study } = open();
    try {
      const done = scheduler.startStudy(study.id);
      const [a, b] = await Promise.all([1, 2].map((id) => launcher.live(id)));
      a!.ready();
      b!.ready();
      scheduler.stopRunEarly(1);
      void scheduler.pauseStudy(study.id);
      scheduler.cancelRun(2);
      a!.step();
      await expect(done).resolves.toMatchObject({ status: 'paused' });
      expect(store.listRuns(study.id).map((r) => r.status)).toEqual(['pruned', 'cancelled']);
    } finally {
      await services.close();
    }
  });

  it('the owner dies mid-transition: the next owner ends each run where the user last pointed it', async () => {
    const launcher = new FakeLauncher();
    const dataDir = tempDir();
    const first = new Services({ dataDir, launcher, concurrency: 2 });
    const study = first.createStudy(tinyStudySpec({ budget: { maxTrials: 2 } }, { epochs: { type: 'fixed', value: 5 } }));
    void first.scheduler.startStudy(study.id);
    const [a, b] = await Promise.all([1, 2].map((id) => launcher.live(id)));
    a!.ready();
    b!.ready();
    a!.step();
    b!.step();
    await settle();
    first.scheduler.cancelRun(2); // stored; the trainer has not exited yet when the owner "dies"
    void first.scheduler.pauseStudy(study.id);
    // A dead owner writes nothing more: look at its database as a successor would.
    const store = Store.open(first.paths.dbPath);
    try {
      expect(store.recoverOrphans()).toMatchObject({ runs: 2, interrupted: 0 });
      expect(store.listRuns(study.id).map((r) => [r.status, r.lastCheckpointEpoch])).toEqual([
        ['paused', 1],
        ['cancelled', 1],
      ]);
      expect(store.getStudy(study.id)?.status).toBe('paused');
    } finally {
      store.close();
      for (const t of launcher.trainers) t.kill();
      await first.close();
    }
  });

  it('trial numbers and seeds come from one place, and each launch is one attempt', async () => {
    const { launcher, services, store, scheduler, study } = open({ maxTrials: 3, concurrency: 1 });
    try {
      const done = scheduler.startStudy(study.id);
      for (const id of [1, 2, 3]) {
        const t = await launcher.live(id);
        t.ready();
        await t.finish();
      }
      await done;
      const runs = store.listRuns(study.id);
      const { trialSeed } = await import('../../../../../src/main/core/search/seeds');
      expect(runs.map((r) => [r.trialNumber, r.seed])).toEqual([1, 2, 3].map((n) => [n, trialSeed(study.seed, n)]));
    } finally {
      await services.close();
    }
  });

  it('an evaluation waits for a slot like a trial, and shutdown stops it with a clear error', async () => {
    const { launcher, services, store, scheduler, study } = open({ maxTrials: 2, concurrency: 1 });
    const done = scheduler.startStudy(study.id);
    const a = await launcher.live(1);
    a.ready();
    await a.finish();
    const b = await launcher.live(2);
    b.ready();
    const evaluation = services.evaluateRun(1);
    await settle();
    // The only slot is taken by trial 2: no evaluation process yet.
    expect(launcher.of(1)).toHaveLength(1);
    await b.finish();
    await done;
    const evaluator = await waitFor('the evaluation trainer', () => launcher.of(1)[1]);
    expect(evaluator.sent[0]?.type).toBe('evaluate');
    const closing = services.close();
    await expect(evaluation).rejects.toThrow(/evaluation of run 1 failed: the app is shutting down/);
    await closing;
    expect(store.listEvaluations.length).toBe(1);
  });
});
