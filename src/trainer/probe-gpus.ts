import type { TrainerToHost } from '../shared/trainer-protocol';
import { initBackend } from './backends/init-backend';
import { appRequire, firstLine } from './backends/optional-require';
import { describeAdapter } from '../shared/domain/device';

type ProbeResult = Extract<TrainerToHost, { type: 'probe-result' }>;

/**
 * What the host needs to place trials on GPUs, found the way a trial would find it: the webgpu backend
 * loaded in full (adapter, device, a smoke test that runs shaders and reads back), so a GPU that offers an
 * adapter but computes nothing is not counted. tfjs-node-gpu is only looked up: loading it initializes
 * CUDA (seconds), and whether CUDA works shows on the first trial that loads it, in its backend notes.
 */
export async function probeGpus(): Promise<ProbeResult> {
  let webgpu: ProbeResult['webgpu'];
  try {
    const init = await initBackend('webgpu');
    webgpu = init.adapter?.isFallbackAdapter
      ? { adapter: null, reason: `only a software adapter: ${describeAdapter(init.adapter)}` }
      : { adapter: init.adapter, reason: null };
  } catch (err) {
    webgpu = { adapter: null, reason: firstLine(err).replace(/^backend 'webgpu' cannot be used here: /, '') };
  }
  return { type: 'probe-result', webgpu, tensorflowGpu: { installed: resolvable('@tensorflow/tfjs-node-gpu') }, tensorflow: { installed: resolvable('@tensorflow/tfjs-node') } };
}

function resolvable(name: string): boolean {
  try {
    appRequire.resolve(name);
    return true;
  } catch {
    return false;
  }
}
