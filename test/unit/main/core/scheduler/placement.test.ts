import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { Services } from '../../../../../src/main/core/services';
import type { DeviceInventory } from '../../../../../src/shared/domain/device';
import { tinyStudySpec } from '../../../../helpers/study-fixtures';
import { useTempDir, waitFor } from '../../../../helpers/temp-dir';
import { A100, cpuOnly, twoA100s } from '../devices/gpu-fixtures';
import { FakeLauncher, settle } from './fake-launcher';

/**
 * Placement through the scheduler with trainers stepped by the test, on machines this one is not (two
 * A100s): which device each trial gets, what its trainer is told, and what the run records.
 */
describe('Scheduler: trials placed on devices', () => {
  const tempDir = useTempDir();

  function open(devices: DeviceInventory, opts: { concurrency?: number; maxTrials?: number; studyConcurrency?: number; backend?: 'auto' | 'webgpu' | 'wasm'; gpuTrials?: number } = {}) {
    const launcher = new FakeLauncher();
    const services = new Services({ dataDir: tempDir(), launcher, concurrency: opts.concurrency ?? 1, devices, machineLoad: () => 0 });
    services.scheduler.setTrialsPerGpu(opts.gpuTrials ?? 2);
    const study = services.createStudy(tinyStudySpec({ budget: { maxTrials: opts.maxTrials ?? 5 }, concurrency: opts.studyConcurrency ?? 5, backend: opts.backend ?? 'auto' }));
    return { launcher, services, store: services.store, scheduler: services.scheduler, study };
  }

  it('auto: GPUs first, two trials each, then the CPU slot with the reason; each run and attempt records its device', async () => {
    const { launcher, services, store, scheduler, study } = open(twoA100s());
    try {
      const done = scheduler.startStudy(study.id);
      const trainers = await Promise.all([1, 2, 3, 4, 5].map((id) => launcher.live(id)));
      expect(trainers.map((t) => t.start!.device)).toEqual(['gpu:0', 'gpu:1', 'gpu:0', 'gpu:1', 'cpu']);
      expect(trainers.map((t) => t.env.CUDA_VISIBLE_DEVICES)).toEqual(['0', '1', '0', '1', '-1']);
      expect(trainers.map((t) => t.start!.cpuOnlyReason)).toEqual([undefined, undefined, undefined, undefined, 'placed on the CPU: all 4 GPU slot(s) are busy']);
      expect(trainers[4]!.start!.threads).toBe(os.availableParallelism());
      trainers[0]!.ready({ backend: 'webgpu', adapter: A100 });
      trainers[1]!.ready({ backend: 'tensorflow-gpu' });
      trainers[4]!.ready({ backend: 'wasm' });
      await settle();
      expect(store.getRun(1)).toMatchObject({ device: 'gpu:0', deviceName: 'nvidia ampere — NVIDIA A100-SXM4-40GB', threads: 1, backend: 'webgpu' });
      expect(store.getRun(2)).toMatchObject({ device: 'gpu:1', deviceName: 'NVIDIA A100-SXM4-40GB', backend: 'tensorflow-gpu' });
      expect(store.getRun(5)).toMatchObject({ device: 'cpu', threads: os.availableParallelism(), backend: 'wasm' });
      expect(store.listAttempts(1)).toMatchObject([{ attempt: 1, device: 'gpu:0', deviceName: 'nvidia ampere — NVIDIA A100-SXM4-40GB', threads: 1 }]);
      for (const t of trainers) t.finish();
      await expect(done).resolves.toEqual({ status: 'completed', reason: null });
      expect(scheduler.devices.load()).toEqual({ cpu: 0, 'gpu:0': 0, 'gpu:1': 0 });
    } finally {
      await services.close();
    }
  });

  it('a trial that loses its GPU fails alone and is retried from its checkpoint like any crash; the others train on', async () => {
    const { launcher, services, store, scheduler, study } = open(twoA100s(), { maxTrials: 2 });
    try {
      const done = scheduler.startStudy(study.id);
      const [a, b] = await Promise.all([1, 2].map((id) => launcher.live(id)));
      a!.ready({ backend: 'webgpu', adapter: A100 });
      b!.ready({ backend: 'tensorflow-gpu' });
      a!.step();
      b!.step();
      a!.fail('the GPU device was lost (unknown): Device lost during submit', true);
      const retry = await waitFor('a second attempt of run 1', () => launcher.of(1).find((t) => t !== a && t.start));
      expect(retry.start).toMatchObject({ attempt: 2, resumeFrom: { epoch: 1 } });
      expect(retry.start!.device).toMatch(/^gpu:[01]$/);
      expect(store.listAttempts(1)).toMatchObject([{ attempt: 1, outcome: 'retried', error: expect.stringContaining('GPU device was lost'), device: 'gpu:0' }, { attempt: 2, outcome: null }]);
      expect(b!.exited).toBeNull();
      retry.finish();
      b!.finish();
      await expect(done).resolves.toMatchObject({ status: 'completed' });
      expect(store.getRun(1)).toMatchObject({ status: 'completed', attempt: 2, failedAttempts: 1 });
    } finally {
      await services.close();
    }
  });

  it('an explicit webgpu study waits for a slot on the GPU Dawn trains on, however many CPU slots are free', async () => {
    const { launcher, services, scheduler, study } = open(twoA100s({ tfGpu: false }), { concurrency: 4, maxTrials: 3, backend: 'webgpu', gpuTrials: 1 });
    try {
      const done = scheduler.startStudy(study.id);
      const first = await launcher.live(1);
      await settle();
      expect(launcher.trainers.map((t) => t.start?.device)).toEqual(['gpu:0']);
      first.finish();
      const second = await launcher.live(2);
      expect(second.start!.device).toBe('gpu:0');
      second.finish();
      (await launcher.live(3)).finish();
      await expect(done).resolves.toMatchObject({ status: 'completed' });
    } finally {
      await services.close();
    }
  });

  it('trials wait for the device probe, then go where it says', async () => {
    const launcher = new FakeLauncher();
    let found!: (inv: DeviceInventory) => void;
    const probe = new Promise<DeviceInventory>((resolve) => (found = resolve));
    const { Scheduler } = await import('../../../../../src/main/core/scheduler/scheduler');
    const services = new Services({ dataDir: tempDir(), launcher, concurrency: 1, machineLoad: () => 0 });
    const scheduler = new Scheduler({ store: services.store, launcher, runsDir: services.paths.runsDir, resolveDataset: (id) => services.store.getDataset(id)!, concurrency: 1, devices: probe, machineLoad: () => 0 });
    try {
      const study = services.createStudy(tinyStudySpec({ budget: { maxTrials: 1 }, backend: 'auto' }));
      const done = scheduler.startStudy(study.id);
      await settle(20);
      expect(launcher.trainers).toEqual([]);
      found(cpuOnly());
      const t = await launcher.live(1);
      expect(t.start!.device).toBe('cpu');
      t.finish();
      await expect(done).resolves.toMatchObject({ status: 'completed' });
    } finally {
      await scheduler.shutdown();
      await services.close();
    }
  });
});
