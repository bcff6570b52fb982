import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { NodeLauncher } from '../../../../../src/main/core/scheduler/launcher-node';
import { Services } from '../../../../../src/main/core/services';
import { WEBGPU_ADAPTER } from '../../../../unit/trainer/backends/fixtures/backends-under-test';
import { tinyStudySpec } from '../../../../helpers/study-fixtures';
import { assertBuilt, trainerScript, useTempDir } from '../../../../helpers/temp-dir';

/**
 * Devices as the owner finds them here (the GPU probe runs in a real trainer process) and trials placed
 * on them, trained by real trainer processes. This machine has no GPU: what must hold is that a GPU
 * backend asked for fails the trial with the reason, and 'auto' trains on the CPU and says why.
 */
describe.skipIf(WEBGPU_ADAPTER)('devices and GPU backends on a machine without a GPU', () => {
  const tempDir = useTempDir();

  function owner(): Services {
    assertBuilt();
    return new Services({ dataDir: tempDir(), launcher: new NodeLauncher(trainerScript), concurrency: 1, devices: true });
  }

  it('the probe finds the CPU with its cores and says why no GPU: nvidia-smi and the webgpu backend each give a reason', async () => {
    const s = owner();
    try {
      const inv = await s.devices();
      expect(inv.devices.map((d) => d.id)).toEqual(['cpu']);
      expect(inv.devices[0]).toMatchObject({ kind: 'cpu', cores: os.availableParallelism() });
      expect(inv.notes).toContainEqual(expect.stringMatching(/^webgpu: no WebGPU adapter \(Dawn found no usable GPU\)/));
      expect(inv.notes.some((n) => n.startsWith('nvidia-smi'))).toBe(true);
    } finally {
      await s.close();
    }
  });

  it("backend 'webgpu': the trial fails at once with the reason, and is not retried (another attempt would fail the same way)", async () => {
    const s = owner();
    try {
      const study = s.createStudy(tinyStudySpec({ budget: { maxTrials: 1 }, backend: 'webgpu' }));
      await expect(s.scheduler.startStudy(study.id)).resolves.toMatchObject({ status: 'failed' });
      const [run] = s.store.listRuns(study.id);
      expect(run).toMatchObject({ status: 'failed', failureKind: 'config', epochsDone: 0, attempt: 1, device: 'cpu' });
      expect(run!.error).toMatch(/^backend 'webgpu' cannot be used here: no WebGPU adapter \(Dawn found no usable GPU\)/);
    } finally {
      await s.close();
    }
  });

  it("backend 'auto': trains on the CPU, records why each faster backend was skipped, where it ran and on how many threads", async () => {
    const s = owner();
    try {
      const study = s.createStudy(tinyStudySpec({ budget: { maxTrials: 1 }, concurrency: 1, backend: 'auto' }));
      await expect(s.scheduler.startStudy(study.id)).resolves.toMatchObject({ status: 'completed' });
      const [run] = s.store.listRuns(study.id);
      expect(run).toMatchObject({ status: 'completed', backend: 'wasm', device: 'cpu', deviceName: os.cpus()[0]!.model.trim() });
      expect(run!.threads).toBeGreaterThanOrEqual(1);
      expect(run!.backendNotes).toContainEqual(expect.stringMatching(/^webgpu: no WebGPU adapter \(Dawn found no usable GPU\)/));
      expect(s.store.listAttempts(run!.id)).toMatchObject([{ device: 'cpu', threads: run!.threads, backend: 'wasm', outcome: 'completed' }]);
    } finally {
      await s.close();
    }
  });
});

describe('a trial whose GPU is lost', () => {
  const tempDir = useTempDir();

  it('fails that attempt as retryable and continues from its last checkpoint in a new process', async () => {
    assertBuilt();
    // lost@2 reports the device lost as Dawn's device.lost does (the trainer's own handler), on any backend.
    const s = new Services({ dataDir: tempDir(), launcher: new NodeLauncher(trainerScript), concurrency: 1, trainerEnv: (run): Record<string, string> => (run.attempt === 1 ? { HPS_TRAINER_FAULT: 'lost@2' } : {}) });
    try {
      const study = s.createStudy(tinyStudySpec({ budget: { maxTrials: 1 }, maxAttempts: 2 }));
      await expect(s.scheduler.startStudy(study.id)).resolves.toMatchObject({ status: 'completed' });
      const [run] = s.store.listRuns(study.id);
      expect(run).toMatchObject({ status: 'completed', attempt: 2, failedAttempts: 1, epochsDone: 3 });
      expect(s.store.listAttempts(run!.id)).toMatchObject([
        { attempt: 1, fromEpoch: 0, outcome: 'retried', error: 'the GPU device was lost (unknown): injected at epoch 2' },
        { attempt: 2, fromEpoch: 1, outcome: 'completed' },
      ]);
    } finally {
      await s.close();
    }
  });
});
