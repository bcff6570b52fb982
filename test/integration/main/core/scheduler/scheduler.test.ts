import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeLauncher } from '../../../../../src/main/core/scheduler/launcher-node';
import { Services } from '../../../../../src/main/core/services';
import { assertBuilt, trainerScript, useTempDir, waitFor } from '../../../../helpers/temp-dir';
import { tinyStudySpec } from '../../../../helpers/study-fixtures';

/** Trainer environment that injects `fault` into trial 1 only. */
const faultInFirstTrial = (fault: string) => (run: { trialNumber: number }): Record<string, string> =>
  run.trialNumber === 1 ? { HPS_TRAINER_FAULT: fault } : {};

/**
 * The scheduler with real trainer processes on the built-in sample: concurrency, cancel, early stop,
 * and faults (throw, crash, hang, out of memory) that must fail only their own trial.
 */
describe('Scheduler with real trainer processes', () => {
  const tempDir = useTempDir();

  function services(opts: Partial<ConstructorParameters<typeof Services>[0]> = {}): Services {
    assertBuilt();
    const dataDir = tempDir();
    return new Services({ dataDir, launcher: new NodeLauncher(trainerScript), concurrency: 2, ...opts });
  }

  it('runs trials in parallel up to the concurrency limit and completes the study', async () => {
    const s = services();
    try {
      const study = s.createStudy(tinyStudySpec({ budget: { maxTrials: 4 } }));
      let running = 0;
      let maxRunning = 0;
      const seen = new Set<number>();
      s.events.on('run-updated', (e: { runId: number }) => {
        const run = s.store.getRun(e.runId);
        if (run?.status === 'running' && !seen.has(e.runId)) {
          seen.add(e.runId);
          running++;
          maxRunning = Math.max(maxRunning, running);
        } else if (run && run.status !== 'running' && seen.has(e.runId)) {
          running--;
        }
      });
      await s.scheduler.startStudy(study.id);
      const runs = s.store.listRuns(study.id);
      expect(runs).toHaveLength(4);
      expect(runs.map((r) => r.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
      expect(maxRunning).toBe(2);
      for (const r of runs) {
        expect(r.epochsDone).toBe(3);
        expect(r.backend).toBe('cpu');
        expect(r.bestObjective).not.toBeNull();
        const names = new Set(s.store.getMetrics(r.id).map((m) => m.name));
        for (const n of ['loss', 'val_loss', 'accuracy', 'val_accuracy', 'val_f1', 'lr', 'samples_per_sec']) expect(names).toContain(n);
      }
      expect(s.store.getStudy(study.id)?.status).toBe('completed');
    } finally {
      await s.close();
    }
  });

  it('cancels a running trial and stops another early at an epoch boundary', async () => {
    const s = services({ trainerEnv: { HPS_TRAINER_FAULT: 'slow=400' } });
    try {
      const study = s.createStudy(tinyStudySpec({ budget: { maxTrials: 2 } }, { epochs: { type: 'fixed', value: 30 } }));
      const done = s.scheduler.startStudy(study.id);
      const [a, b] = await waitFor('two trials past epoch 1', () => {
        const runs = s.store.listRuns(study.id).filter((r) => r.epochsDone >= 1);
        return runs.length === 2 ? runs : null;
      });
      s.scheduler.cancelRun(a!.id);
      s.scheduler.stopRunEarly(b!.id);
      await done;
      const ra = s.store.getRun(a!.id)!;
      const rb = s.store.getRun(b!.id)!;
      expect(ra.status).toBe('cancelled');
      expect(rb.status).toBe('pruned');
      expect(rb.epochsDone).toBeGreaterThanOrEqual(1);
      expect(rb.epochsDone).toBeLessThan(30);
      // A pruned trial stops at an epoch boundary with its checkpoint, so it can still be exported.
      expect(rb.finalCheckpoint ?? rb.lastCheckpoint).toBeTruthy();
    } finally {
      await s.close();
    }
  });

  for (const [fault, expected] of [
    ['throw@2', /injected failure at epoch 2/],
    ['crash@2', /crashed/],
    ['hang@2', /stopped answering/],
  ] as const) {
    it(`a trainer fault (${fault}) fails only its own trial; the study goes on`, async () => {
      const s = services({
        heartbeatTimeoutMs: 3000,
        // Only trial 1 misbehaves; the others must complete normally.
        trainerEnv: faultInFirstTrial(fault),
      });
      try {
        const study = s.createStudy(tinyStudySpec({ budget: { maxTrials: 3 } }));
        await s.scheduler.startStudy(study.id);
        const runs = s.store.listRuns(study.id);
        const bad = runs.find((r) => r.trialNumber === 1)!;
        expect(bad.status).toBe('failed');
        expect(bad.error).toMatch(expected);
        expect(bad.epochsDone).toBe(1);
        expect(runs.filter((r) => r.trialNumber !== 1).map((r) => r.status)).toEqual(['completed', 'completed']);
        expect(s.store.getStudy(study.id)?.status).toBe('completed');
      } finally {
        await s.close();
      }
    });
  }

  it('a trainer that runs out of memory fails with an out-of-memory error and its stderr tail', async () => {
    const s = services({ maxOldSpaceMb: 64, trainerEnv: faultInFirstTrial('oom@1') });
    try {
      const study = s.createStudy(tinyStudySpec({ budget: { maxTrials: 2 } }));
      await s.scheduler.startStudy(study.id);
      const bad = s.store.listRuns(study.id).find((r) => r.trialNumber === 1)!;
      expect(bad.status).toBe('failed');
      expect(bad.error).toMatch(/out of memory/);
      expect(bad.stderrTail).toMatch(/heap out of memory/i);
      expect(s.store.listRuns(study.id).find((r) => r.trialNumber === 2)!.status).toBe('completed');
    } finally {
      await s.close();
    }
  });

  it('closing the app mid-study leaves running trials interrupted and resumable, not failed', async () => {
    const s = services({ trainerEnv: { HPS_TRAINER_FAULT: 'slow=300' } });
    const study = s.createStudy(tinyStudySpec({ budget: { maxTrials: 2 } }, { epochs: { type: 'fixed', value: 30 } }));
    void s.scheduler.startStudy(study.id);
    await waitFor('both trials past epoch 1', () => s.store.listRuns(study.id).filter((r) => r.epochsDone >= 1).length === 2);
    await s.close();
    const reopened = new Services({ dataDir: s.paths.dataDir, launcher: new NodeLauncher(trainerScript), concurrency: 2 });
    try {
      expect(reopened.store.listRuns(study.id).map((r) => r.status)).toEqual(['interrupted', 'interrupted']);
      expect(reopened.store.listRuns(study.id).every((r) => r.error === null)).toBe(true);
    } finally {
      await reopened.close();
    }
  });

  it('a study whose every trial failed ends failed, not completed', async () => {
    const s = services({ trainerEnv: { HPS_TRAINER_FAULT: 'throw@1' } });
    try {
      const study = s.createStudy(tinyStudySpec({ budget: { maxTrials: 2 } }));
      await s.scheduler.startStudy(study.id);
      expect(s.store.listRuns(study.id).map((r) => r.status)).toEqual(['failed', 'failed']);
      expect(s.store.getStudy(study.id)?.status).toBe('failed');
    } finally {
      await s.close();
    }
  });

  it('a trainer script that cannot start fails its run with a clear error', async () => {
    const s = services({ launcher: new NodeLauncher(path.join(tempDir(), 'missing-trainer.js')) });
    try {
      const study = s.createStudy(tinyStudySpec({ budget: { maxTrials: 1 } }));
      await s.scheduler.startStudy(study.id);
      const [run] = s.store.listRuns(study.id);
      expect(run!.status).toBe('failed');
      expect(`${run!.error}\n${run!.stderrTail}`).toMatch(/Cannot find module|could not start|crashed/);
    } finally {
      await s.close();
    }
  });
});
