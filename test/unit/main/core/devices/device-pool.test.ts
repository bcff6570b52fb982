import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { DevicePool } from '../../../../../src/main/core/devices/device-pool';
import { cpuOnly, twoA100s } from './gpu-fixtures';

const cores = os.availableParallelism();
const idle = () => 0;

describe('DevicePool', () => {
  it('until the GPUs are known, places only what never uses one (a GPU found a second later must not miss the first trials)', () => {
    const pool = new DevicePool({ cpuTrials: 2, trialsPerGpu: 2 }, null, idle);
    expect(pool.place('auto')).toBeNull();
    expect(pool.place('webgpu')).toBeNull();
    expect(pool.place('wasm')).toMatchObject({ device: 'cpu', threads: cores, env: { CUDA_VISIBLE_DEVICES: '-1' } });
    expect(pool.placeOnCpu()).toMatchObject({ device: 'cpu' });
    pool.setInventory(cpuOnly());
    expect(pool.place('auto')).toMatchObject({ device: 'cpu' });
  });

  it('CPU only: a trial alone gets every idle core, trials that could start now share them, and the CPU slots are the limit', () => {
    const pool = new DevicePool({ cpuTrials: 2, trialsPerGpu: 2 }, cpuOnly(), idle);
    const alone = pool.place('auto', 0)!;
    expect(alone).toMatchObject({ device: 'cpu', threads: cores, env: { TF_NUM_INTRAOP_THREADS: String(cores) } });
    expect(alone.cpuOnlyReason).toBeUndefined();
    expect(alone.env.CUDA_VISIBLE_DEVICES).toBeUndefined();
    // With another trial ready to start beside it, each gets half.
    const first = pool.place('auto', 1)!;
    expect(first.threads).toBe(Math.max(1, Math.floor(cores / 2)));
    pool.take(first);
    const second = pool.place('wasm', 0)!;
    expect(second.threads).toBe(Math.max(1, cores - first.threads));
    pool.take(second);
    expect(pool.place('auto')).toBeNull();
    expect(pool.load()).toEqual({ cpu: 2 });
    pool.release(first);
    expect(pool.place('auto')).toMatchObject({ device: 'cpu', threads: Math.max(1, first.threads) });
  });

  it('cores the rest of the machine keeps busy are not idle: a loaded machine gives one thread', () => {
    const pool = new DevicePool({ cpuTrials: 2, trialsPerGpu: 2 }, cpuOnly(), () => cores + 3);
    expect(pool.place('auto', 0)).toMatchObject({ threads: 1 });
  });

  it('GPUs first for auto, least loaded first, each up to its trials; CUDA sees only the GPU placed on', () => {
    const pool = new DevicePool({ cpuTrials: 1, trialsPerGpu: 2 }, twoA100s(), idle);
    expect(pool.capacity()).toBe(1 + 2 * 2);
    const placed = [];
    for (let i = 0; i < 4; i++) {
      const p = pool.place('auto')!;
      pool.take(p);
      placed.push(p);
    }
    expect(placed.map((p) => p.device)).toEqual(['gpu:0', 'gpu:1', 'gpu:0', 'gpu:1']);
    expect(placed.map((p) => p.env.CUDA_VISIBLE_DEVICES)).toEqual(['0', '1', '0', '1']);
    expect(placed.every((p) => p.threads === 1 && p.cpuOnlyReason === undefined)).toBe(true);
    // GPUs full: the next one takes the CPU slot, told why it must not touch a GPU, and hidden from CUDA.
    const onCpu = pool.place('auto')!;
    expect(onCpu).toMatchObject({ device: 'cpu', cpuOnlyReason: 'placed on the CPU: all 4 GPU slot(s) are busy', env: { CUDA_VISIBLE_DEVICES: '-1' } });
    pool.take(onCpu);
    expect(pool.place('auto')).toBeNull();
    expect(pool.load()).toEqual({ cpu: 1, 'gpu:0': 2, 'gpu:1': 2 });
  });

  it('an explicit GPU backend waits for a slot on a GPU that runs it, never falls back to the CPU', () => {
    // Dawn's adapter is gpu:0; tfjs-node-gpu is not installed, so only webgpu runs on either GPU.
    const pool = new DevicePool({ cpuTrials: 4, trialsPerGpu: 1 }, twoA100s({ tfGpu: false }), idle);
    const first = pool.place('webgpu')!;
    expect(first.device).toBe('gpu:0');
    pool.take(first);
    expect(pool.place('webgpu')).toBeNull();
    expect(pool.place('tensorflow-gpu')).toMatchObject({ device: 'cpu' }); // no GPU runs it: its trainer says why
    pool.release(first);
    expect(pool.place('webgpu')?.device).toBe('gpu:0');
  });

  it('on a machine with no usable GPU an explicit GPU backend gets a CPU slot, so its trainer fails with the real reason', () => {
    const pool = new DevicePool({ cpuTrials: 1, trialsPerGpu: 2 }, cpuOnly(), idle);
    const p = pool.place('webgpu')!;
    expect(p.device).toBe('cpu');
    expect(p.cpuOnlyReason).toBeUndefined();
  });

  it('CPU backends never take a GPU slot', () => {
    const pool = new DevicePool({ cpuTrials: 1, trialsPerGpu: 2 }, twoA100s(), idle);
    for (const pref of ['wasm', 'cpu', 'tensorflow'] as const) expect(pool.place(pref)?.device).toBe('cpu');
  });

  it('refuses limits below 1, naming the setting', () => {
    const pool = new DevicePool({ cpuTrials: 1, trialsPerGpu: 1 }, cpuOnly(), idle);
    expect(() => pool.setLimits({ cpuTrials: 0 })).toThrow(/concurrency: must be a whole number ≥ 1, got 0/);
    expect(() => pool.setLimits({ trialsPerGpu: 1.5 })).toThrow(/gpuTrials: must be a whole number ≥ 1, got 1.5/);
    expect(() => new DevicePool({ cpuTrials: 1, trialsPerGpu: 0 })).toThrow(/gpuTrials/);
  });
});
