import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/result';
import { initBackend } from '../../../../src/trainer/backends/init-backend';
import { NATIVE_INSTALLED, WEBGPU_ADAPTER } from './fixtures/backends-under-test';

const noNative = !NATIVE_INSTALLED.tensorflow && !NATIVE_INSTALLED['tensorflow-gpu'];

describe('initBackend', () => {
  it.skipIf(NATIVE_INSTALLED.tensorflow)("'tensorflow' without @tensorflow/tfjs-node throws unsupported, naming backend and reason", async () => {
    const err = await initBackend('tensorflow').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('unsupported');
    expect((err as AppError).message).toBe("backend 'tensorflow' cannot be used here: not installed (Cannot find module '@tensorflow/tfjs-node')");
  });

  it.skipIf(NATIVE_INSTALLED['tensorflow-gpu'])("'tensorflow-gpu' without @tensorflow/tfjs-node-gpu throws unsupported, no silent fallback", async () => {
    await initBackend('cpu');
    const err = await initBackend('tensorflow-gpu').catch((e: unknown) => e);
    expect((err as AppError).code).toBe('unsupported');
    expect((err as AppError).message).toContain("backend 'tensorflow-gpu' cannot be used here: not installed");
    expect(tf.getBackend()).toBe('cpu');
  });

  it.skipIf(!noNative || WEBGPU_ADAPTER)("'auto' picks wasm and says why each faster backend was skipped", async () => {
    const result = await initBackend('auto');
    expect(result.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(result.notes).toEqual([
      "tensorflow-gpu: not installed (Cannot find module '@tensorflow/tfjs-node-gpu')",
      expect.stringMatching(/^webgpu: no WebGPU adapter \(Dawn found no usable GPU\)/),
      "tensorflow: not installed (Cannot find module '@tensorflow/tfjs-node')",
    ]);
    expect(result.fallbacks.map((f) => f.split(':')[0])).toEqual(['Conv2DBackpropFilter', 'MaxPoolGrad']);
    expect(result.adapter).toBeNull();
  });

  it("'auto' on a CPU placement skips the GPU backends with the host's reason, without loading them", async () => {
    const result = await initBackend('auto', { cpuOnlyReason: 'placed on the CPU: all 2 GPU slot(s) are busy' });
    expect(result.notes.slice(0, 2)).toEqual([
      'tensorflow-gpu: not tried: placed on the CPU: all 2 GPU slot(s) are busy',
      'webgpu: not tried: placed on the CPU: all 2 GPU slot(s) are busy',
    ]);
    expect(['tensorflow', 'wasm']).toContain(result.backend);
  });

  it('wasm already running in this process keeps its thread count and says so when more are asked for', async () => {
    await initBackend('wasm');
    const result = await initBackend('wasm', { threads: 4 });
    expect(result.backend).toBe('wasm');
    expect(result.threads).toBe(1);
    expect(result.notes).toEqual(['wasm: 1 thread(s) instead of the 4 asked for: the wasm backend was already running in this process']);
  });

  it("'cpu' loads with no notes or fallbacks and can train", async () => {
    expect(await initBackend('cpu')).toMatchObject({ backend: 'cpu', notes: [], fallbacks: [], adapter: null, threads: 1 });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('rejects a thread count below 1', async () => {
    await expect(initBackend('wasm', { threads: 0 })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('threads') });
  });

  it('can switch back and forth (the tfjs engine is process-wide)', async () => {
    for (const name of ['wasm', 'cpu', 'wasm'] as const) {
      expect((await initBackend(name)).backend).toBe(name);
      expect(tf.getBackend()).toBe(name);
    }
  });
});
