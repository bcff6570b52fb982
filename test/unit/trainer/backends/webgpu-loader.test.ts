import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/result';
import { initBackend } from '../../../../src/trainer/backends/init-backend';
import { WEBGPU_ADAPTER } from './fixtures/backends-under-test';

/**
 * The webgpu backend in Node, on Dawn's binding (the `webgpu` package). Its correctness on a GPU is
 * tested in Chromium (test/integration/trainer/webgpu-in-chromium.test.ts) and measured by
 * bench/gpu-check.sh on a GPU machine; here, without one, what must hold is that it never passes for
 * working when it is not.
 */
describe('webgpu backend in Node', () => {
  afterEach(() => {
    delete process.env.HPS_WEBGPU_FLAGS;
  });

  it.skipIf(WEBGPU_ADAPTER)('without a GPU adapter: an explicit choice fails, naming the backend and why', async () => {
    await initBackend('cpu');
    const err = await initBackend('webgpu').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('unsupported');
    expect((err as AppError).message).toMatch(/^backend 'webgpu' cannot be used here: no WebGPU adapter \(Dawn found no usable GPU\)(: .+)?$/);
    // Nothing half-set: the process still computes on the backend it had.
    expect(tf.getBackend()).toBe('cpu');
  });

  it("an adapter that computes nothing (Dawn's null backend) is refused by the smoke test, which reads a GPU buffer back", async () => {
    process.env.HPS_WEBGPU_FLAGS = 'backend=null';
    const err = await initBackend('webgpu').catch((e: unknown) => e);
    expect((err as AppError).code).toBe('unsupported');
    expect((err as AppError).message).toMatch(/^backend 'webgpu' cannot be used here: smoke test computed .+ instead of 64000$/);
  });

  it("Dawn's own refusal (a graphics API that does not exist) is passed on, with the ones that do", async () => {
    process.env.HPS_WEBGPU_FLAGS = 'backend=nosuchapi';
    const err = await initBackend('webgpu').catch((e: unknown) => e);
    expect((err as AppError).message).toMatch(/Dawn refused the adapter request: unrecognised backend 'nosuchapi'.*'vulkan'/);
  });
});
