import { describe, expect, it } from 'vitest';
import { Services } from '../../../../../src/main/core/services';
import type { StudySpecInput } from '../../../../../src/shared/domain/study-spec';
import { tinyStudySpec } from '../../../../helpers/study-fixtures';
import { useTempDir } from '../../../../helpers/temp-dir';
import { FakeLauncher, settle, type FakeTrainer } from './fake-launcher';

/** Trains one epoch reporting `valLoss` and waits for the host's verdict on it. */
async function epoch(t: FakeTrainer, valLoss: number): Promise<void> {
  t.step({ val_loss: valLoss });
  for (let i = 0; i < 50 && !t.canStep && !t.exited; i++) await settle(1);
}

/**
 * Pruners and budgets judge every stored epoch; the trainer waits for each verdict, so a trial stopped
 * at epoch k ends at epoch k, stored as pruned (with its rung and reason) or paused by the budget.
 */
describe('Scheduler: pruning and budgets', () => {
  const tempDir = useTempDir();

  function open(spec: Partial<StudySpecInput>, epochs = 6) {
    const launcher = new FakeLauncher();
    const services = new Services({ dataDir: tempDir(), launcher, concurrency: 1 });
    const study = services.createStudy(tinyStudySpec({ concurrency: 1, ...spec } as never, { epochs: { type: 'fixed', value: epochs } }));
    return { launcher, services, store: services.store, scheduler: services.scheduler, study };
  }

  it('median: a trial worse than the median of completed trials at epoch k stops at epoch k, pruned', async () => {
    const { launcher, services, store, scheduler, study } = open({ budget: { maxTrials: 3 }, pruner: { type: 'median', warmupTrials: 2, warmupEpochs: 1 } } as never);
    try {
      const done = scheduler.startStudy(study.id);
      for (const id of [1, 2]) {
        const t = await launcher.live(id);
        t.ready();
        for (let e = 1; e <= 6; e++) await epoch(t, 1 - e * 0.1);
      }
      const bad = await launcher.live(3);
      bad.ready();
      await epoch(bad, 2); // epoch 1: within the warm-up epoch
      expect(bad.exited).toBeNull();
      await epoch(bad, 2); // epoch 2: worse than the median of trials 1 and 2 (0.8) → pruned here
      await settle();
      expect(bad.verdictsSeen).toEqual([
        { epoch: 1, stop: null },
        { epoch: 2, stop: 'pruned' },
      ]);
      await expect(done).resolves.toMatchObject({ status: 'completed' });
      const run = store.getRun(3)!;
      expect(run).toMatchObject({ status: 'pruned', epochsDone: 2, stopReason: expect.stringMatching(/best 2 by epoch 2 is worse than the median 0\.8/) });
      expect(run.finalCheckpoint ?? run.lastCheckpoint).toMatch(/epoch-2$/);
      expect(store.listRuns(study.id).map((r) => r.status)).toEqual(['completed', 'completed', 'pruned']);
    } finally {
      await services.close();
    }
  });

  it('asha: a trial below the top 1/η at a rung is pruned there and keeps the rung it reached', async () => {
    const { launcher, services, store, scheduler, study } = open({ budget: { maxTrials: 3 }, pruner: { type: 'asha', minEpochs: 1, reductionFactor: 2 } } as never, 4);
    try {
      const done = scheduler.startStudy(study.id);
      const first = await launcher.live(1);
      first.ready();
      for (let e = 1; e <= 4; e++) await epoch(first, 0.5 - e * 0.05);
      const second = await launcher.live(2);
      second.ready();
      await epoch(second, 0.9);
      await settle();
      expect(second.exited).not.toBeNull();
      const third = await launcher.live(3);
      third.ready();
      for (let e = 1; e <= 4 && !third.exited; e++) await epoch(third, 0.2);
      await done;
      expect(store.getRun(2)).toMatchObject({ status: 'pruned', epochsDone: 1, rung: 0 });
      expect(store.getRun(3)).toMatchObject({ status: 'completed', epochsDone: 4 });
    } finally {
      await services.close();
    }
  });

  it('maxEpochs: running trials stop when the study has trained its epochs, paused and resumable; none starts after', async () => {
    const { launcher, services, store, scheduler, study } = open({ budget: { maxEpochs: 5 } } as never, 4);
    try {
      const done = scheduler.startStudy(study.id);
      const a = await launcher.live(1);
      a.ready();
      for (let e = 1; e <= 4; e++) await epoch(a, 0.5);
      const b = await launcher.live(2);
      b.ready();
      await epoch(b, 0.5); // the study's 5th epoch: the budget is spent
      await settle();
      expect(b.verdictsSeen.at(-1)).toEqual({ epoch: 1, stop: 'paused' });
      await expect(done).resolves.toMatchObject({ status: 'completed' });
      expect(store.listRuns(study.id).map((r) => [r.status, r.epochsDone])).toEqual([
        ['completed', 4],
        ['paused', 1],
      ]);
      expect(store.getRun(2)?.stopReason).toMatch(/epoch budget \(5\) is spent/);
      expect(launcher.trainers).toHaveLength(2);
    } finally {
      await services.close();
    }
  });

  it('a study without a pruner or a budget that stops trials does not make trainers wait for verdicts', async () => {
    const { launcher, services, scheduler, study } = open({ budget: { maxTrials: 1 } });
    try {
      const done = scheduler.startStudy(study.id);
      const t = await launcher.live(1);
      expect(t.start?.verdicts).toBe(false);
      t.ready();
      await t.finish();
      await expect(done).resolves.toMatchObject({ status: 'completed' });
    } finally {
      await services.close();
    }
  });

  it('a warm start from a missing or incompatible study is refused when the study is created', () => {
    const launcher = new FakeLauncher();
    const services = new Services({ dataDir: tempDir(), launcher, concurrency: 1 });
    return (async () => {
      try {
        expect(() => services.createStudy(tinyStudySpec({ algorithm: 'tpe', sampler: { warmStartStudy: 'nope' }, budget: { maxTrials: 2 } } as never))).toThrow(/sampler\.warmStartStudy: no study "nope"/);
        services.createStudy(tinyStudySpec({ name: 'other', objective: { metric: 'val_accuracy', direction: 'maximize' } }));
        expect(() => services.createStudy(tinyStudySpec({ algorithm: 'tpe', sampler: { warmStartStudy: 'other' }, budget: { maxTrials: 2 } } as never))).toThrow(/maximizes val_accuracy, this study minimizes val_loss/);
      } finally {
        await services.close();
      }
    })();
  });
});
