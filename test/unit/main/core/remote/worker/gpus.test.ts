import { describe, expect, it } from 'vitest';
import { GpuSlots } from '../../../../../../src/main/core/remote/worker/gpus';

describe('GpuSlots: one GPU per trial, least busy first', () => {
  it('spreads trials over the GPUs and takes a released one back', () => {
    const slots = new GpuSlots(['0', '1']);
    const a = slots.take();
    const b = slots.take();
    const c = slots.take();
    expect([a.env, b.env, c.env]).toEqual([{ CUDA_VISIBLE_DEVICES: '0' }, { CUDA_VISIBLE_DEVICES: '1' }, { CUDA_VISIBLE_DEVICES: '0' }]);
    b.release();
    b.release(); // twice is once
    expect(slots.take().gpu).toBe('1');
    a.release();
    c.release();
    expect(slots.take().gpu).toBe('0');
  });

  it('without GPUs: no placement, nothing in the environment', () => {
    const t = new GpuSlots([]).take();
    expect([t.gpu, t.env]).toEqual([null, {}]);
  });
});
