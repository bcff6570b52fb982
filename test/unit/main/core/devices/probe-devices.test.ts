import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseNvidiaSmi, queryNvidiaSmi } from '../../../../../src/main/core/devices/nvidia-smi';
import { mergeInventory, probeDevices } from '../../../../../src/main/core/devices/probe-devices';
import { A100, cpuOnly, probeAnswer, twoA100s } from './gpu-fixtures';

describe('device inventory', () => {
  it('no GPU: the CPU with its cores, and one note per way of finding GPUs that found none', () => {
    const inv = cpuOnly();
    expect(inv.devices).toEqual([{ id: 'cpu', kind: 'cpu', name: expect.any(String), cores: os.availableParallelism(), memoryMb: null, backends: ['wasm', 'cpu'], adapter: null, note: null }]);
    expect(inv.notes).toEqual(['nvidia-smi not found (no NVIDIA driver)', 'webgpu: no WebGPU adapter (Dawn found no usable GPU)']);
  });

  it("NVIDIA GPUs: tensorflow-gpu on each when tfjs-node-gpu is installed, webgpu on the one Dawn's adapter names", () => {
    const adapter = { ...A100, description: 'NVIDIA RTX 4090' };
    const inv = mergeInventory(
      { gpus: [{ index: 0, name: 'NVIDIA A100-SXM4-40GB', memoryMb: 40960, uuid: 'a' }, { index: 1, name: 'NVIDIA RTX 4090', memoryMb: 24564, uuid: 'b' }] },
      probeAnswer(adapter, true),
    );
    const [, g0, g1] = inv.devices;
    expect(g0).toMatchObject({ id: 'gpu:0', backends: ['tensorflow-gpu'], adapter: null, note: expect.stringContaining('webgpu: Dawn trains on gpu:1') });
    expect(g1).toMatchObject({ id: 'gpu:1', memoryMb: 24564, backends: ['tensorflow-gpu', 'webgpu'], adapter, note: null });
    expect(inv.notes).toEqual([]);
  });

  it('an NVIDIA GPU without tfjs-node-gpu and without an adapter is listed, not usable, with both reasons', () => {
    const inv = twoA100s({ adapter: null, tfGpu: false });
    expect(inv.devices[1]).toMatchObject({ id: 'gpu:0', backends: [], note: 'tensorflow-gpu: @tensorflow/tfjs-node-gpu is not installed; webgpu: no WebGPU adapter (Dawn found no usable GPU)' });
  });

  it('an adapter nvidia-smi does not know (AMD, Intel, Apple) is a GPU of its own', () => {
    const apple = { vendor: 'apple', architecture: 'metal-3', device: '', description: 'Apple M2', isFallbackAdapter: false };
    const inv = mergeInventory({ gpus: [], reason: 'nvidia-smi not found (no NVIDIA driver)' }, probeAnswer(apple));
    expect(inv.devices[1]).toEqual({ id: 'gpu:0', kind: 'gpu', name: 'Apple M2', cores: null, memoryMb: null, backends: ['webgpu'], adapter: apple, note: null });
  });

  it("parses nvidia-smi's CSV and skips what is not a GPU line", () => {
    expect(parseNvidiaSmi('0, NVIDIA H100 80GB HBM3, 81559, GPU-1234\n1, NVIDIA H100 80GB HBM3, [N/A], GPU-5678\n\nNo devices were found\n')).toEqual({
      gpus: [
        { index: 0, name: 'NVIDIA H100 80GB HBM3', memoryMb: 81559, uuid: 'GPU-1234' },
        { index: 1, name: 'NVIDIA H100 80GB HBM3', memoryMb: null, uuid: 'GPU-5678' },
      ],
    });
    expect(parseNvidiaSmi('No devices were found\n')).toEqual({ gpus: [], reason: 'nvidia-smi lists no GPU' });
  });

  it('nvidia-smi missing or failing is a reason, never an error', async () => {
    expect(await queryNvidiaSmi('/nonexistent/nvidia-smi')).toEqual({ gpus: [], reason: 'nvidia-smi not found (no NVIDIA driver)' });
    expect(await queryNvidiaSmi('false')).toMatchObject({ gpus: [], reason: expect.stringMatching(/^nvidia-smi failed/) });
  });

  it('without a GPU probe, only nvidia-smi is asked and webgpu says it was not probed', async () => {
    const inv = await probeDevices({ nvidiaSmi: async () => ({ gpus: [], reason: 'nvidia-smi not found (no NVIDIA driver)' }) });
    expect(inv.notes).toEqual(['nvidia-smi not found (no NVIDIA driver)', 'webgpu: not probed']);
  });
});
