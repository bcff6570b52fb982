import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/result';
import { initBackend } from '../../../../src/trainer/backends/init-backend';
import { NATIVE_INSTALLED } from './fixtures/backends-under-test';

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

  it.skipIf(!noNative)("'auto' picks wasm and says why each native backend was skipped", async () => {
    const result = await initBackend('auto');
    expect(result.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(result.notes).toEqual([
      "tensorflow-gpu: not installed (Cannot find module '@tensorflow/tfjs-node-gpu')",
      "tensorflow: not installed (Cannot find module '@tensorflow/tfjs-node')",
    ]);
    expect(result.fallbacks.map((f) => f.split(':')[0])).toEqual(['Conv2DBackpropFilter', 'MaxPoolGrad']);
  });

  it('wasm in Node runs one thread and says so when more are asked for', async () => {
    const result = await initBackend('wasm', { threads: 4 });
    expect(result.backend).toBe('wasm');
    expect(result.notes).toEqual([expect.stringMatching(/^wasm: 1 thread\(s\) instead of the 4 asked for: .*tfjs #3830/)]);
  });

  it("'cpu' loads with no notes or fallbacks and can train", async () => {
    expect(await initBackend('cpu')).toEqual({ backend: 'cpu', notes: [], fallbacks: [] });
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
