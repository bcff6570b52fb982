import { describeAdapter } from '../shared/domain/device';
import type { TrainerToHost } from '../shared/trainer-protocol';
import { appRequire, firstLine } from './backends/optional-require';
import { requestDawnAdapter } from './backends/webgpu/dawn';

type ProbeResult = Extract<TrainerToHost, { type: 'probe-result' }>;

/**
 * What the host needs to place trials on GPUs, found the way a trial would find it. Dawn is asked for an
 * adapter first (dawn.node alone: cheap, and all a machine without a GPU ever pays, at every owner
 * start); only when there is one is the webgpu backend loaded in full (device, a smoke test that runs
 * shaders and reads back), so a GPU that offers an adapter but computes nothing is not counted.
 * tfjs-node-gpu is only looked up: loading it initializes CUDA (seconds), and whether CUDA works shows on
 * the first trial that loads it, in its backend notes.
 */
export async function probeGpus(): Promise<ProbeResult> {
  const packages = { tensorflowGpu: { installed: resolvable('@tensorflow/tfjs-node-gpu') }, tensorflow: { installed: resolvable('@tensorflow/tfjs-node') } };
  try {
    await requestDawnAdapter();
  } catch (err) {
    return { type: 'probe-result', webgpu: { adapter: null, reason: firstLine(err) }, ...packages };
  }
  const { initBackend } = await import('./backends/init-backend');
  let webgpu: ProbeResult['webgpu'];
  try {
    const init = await initBackend('webgpu');
    webgpu = init.adapter?.isFallbackAdapter
      ? { adapter: null, reason: `only a software adapter: ${describeAdapter(init.adapter)}` }
      : { adapter: init.adapter, reason: null };
  } catch (err) {
    webgpu = { adapter: null, reason: firstLine(err).replace(/^backend 'webgpu' cannot be used here: /, '') };
  }
  return { type: 'probe-result', webgpu, ...packages };
}

function resolvable(name: string): boolean {
  try {
    appRequire.resolve(name);
    return true;
  } catch {
    return false;
  }
}
