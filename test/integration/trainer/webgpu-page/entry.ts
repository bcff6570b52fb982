/**
 * Bundled for Chromium (esbuild, browser platform) by webgpu-in-chromium.test.ts: the cases of the
 * backend tests, computed on tfjs' cpu backend and on tfjs-backend-webgpu in the same page, compared here
 * (only the errors travel back to the test).
 */
import * as tf from '@tensorflow/tfjs-core';
// The union package @tensorflow/tfjs registers the gradients; tfjs-core alone does not.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgpu';
import '@tensorflow/tfjs-layers';
import { caseGradients, caseWeightsAfterSteps, type CaseResult } from '../../../unit/trainer/backends/fixtures/case-compute';
import { LAYER_CASES } from '../../../unit/trainer/backends/fixtures/layer-cases';
import { OPTIMIZER_CASES } from '../../../unit/trainer/backends/fixtures/optimizers';
import { normalizedMaxError } from '../../../unit/trainer/backends/fixtures/seeded';
import { TEMPLATE_CASES, trainTemplateCase } from './template-cases';

// tfjs-backend-webgpu runs ops whose inputs are small and still on the CPU with its CPU kernels
// (WEBGPU_CPU_FORWARD): the cases here are small, so without this most of them would never reach a shader.
tf.env().set('WEBGPU_CPU_FORWARD', false);

// train-epoch.ts yields to the event loop with Node's setImmediate between batches.
(globalThis as { setImmediate?: unknown }).setImmediate ??= (fn: () => void) => setTimeout(fn, 0);

export interface Comparison {
  name: string;
  lossCpu: number;
  lossGpu: number;
  /** Normalized max error per weight (|gpu − cpu| over max |cpu|); Infinity for a NaN or a shape mismatch. */
  errors: { name: string; error: number; nonZero: boolean }[];
  metrics?: { cpu: Record<string, number>; gpu: Record<string, number> };
}

async function onBoth<T extends CaseResult>(name: string, compute: () => Promise<T>): Promise<Comparison & { cpu: T; gpu: T }> {
  await tf.setBackend('cpu');
  const cpu = await compute();
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs could not initialize the webgpu backend');
  const gpu = await compute();
  const errors = cpu.values.map((v, i) => ({
    name: v.name,
    error: gpu.values[i]?.name === v.name ? normalizedMaxError(gpu.values[i]!.data, v.data) : Infinity,
    nonZero: v.data.some((g) => g !== 0),
  }));
  return { name, lossCpu: cpu.loss, lossGpu: gpu.loss, errors, cpu, gpu };
}

const strip = ({ cpu: _cpu, gpu: _gpu, ...rest }: Comparison & { cpu: unknown; gpu: unknown }): Comparison => rest;

const api = {
  names: { layers: LAYER_CASES.map((c) => c.name), optimizers: OPTIMIZER_CASES.map((o) => o.name), templates: TEMPLATE_CASES.map((t) => t.name) },
  async adapter() {
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info: Record<string, unknown> } | null> } }).gpu;
    const adapter = await gpu?.requestAdapter();
    return adapter ? { vendor: adapter.info.vendor, architecture: adapter.info.architecture, description: adapter.info.description } : null;
  },
  async layer(i: number): Promise<Comparison> {
    const c = LAYER_CASES[i]!;
    return strip(await onBoth(c.name, () => caseGradients(c)));
  },
  async optimizer(i: number): Promise<Comparison> {
    const o = OPTIMIZER_CASES[i]!;
    const model = LAYER_CASES[LAYER_CASES.length - 1]!;
    return strip(await onBoth(o.name, () => caseWeightsAfterSteps(model, o.make, 2)));
  },
  async template(i: number): Promise<Comparison> {
    const t = TEMPLATE_CASES[i]!;
    const r = await onBoth(t.name, () => trainTemplateCase(t));
    return { ...strip(r), metrics: { cpu: r.cpu.metrics, gpu: r.gpu.metrics } };
  },
};

export type WebgpuPageApi = typeof api;
(globalThis as { hps?: WebgpuPageApi }).hps = api;
document.title = 'ready';
