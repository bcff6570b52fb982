import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { initBackend } from '../../../../src/trainer/backends/init-backend';
import { WASM_TRAINING_KERNELS } from '../../../../src/trainer/backends/wasm-kernels';
import { buildCase, caseInputs, caseLoss, LAYER_CASES } from './fixtures/layer-cases';
import { OPTIMIZER_CASES } from './fixtures/optimizers';

/**
 * Records, on cpu, every kernel that training our models calls (gradients of every layer case, one
 * step of every optimizer, a Keras-style fit/evaluate/predict with accuracy) and checks wasm has
 * each one. The kernels wasm lacks must be exactly the ones we register: if tfjs adds or drops one,
 * this fails and WASM_TRAINING_KERNELS is updated.
 */
it('wasm has every kernel training needs, and ours fill exactly the gaps', async () => {
  await initBackend('cpu');
  const cpuKernels = new Set(tf.getKernelsForBackend('cpu').map((k) => k.kernelName));
  const used = new Set<string>();
  const record = async (work: () => Promise<unknown>) => {
    const info = await tf.profile(async () => {
      await work();
    });
    for (const k of info.kernels) if (cpuKernels.has(k.name)) used.add(k.name);
  };

  for (const c of LAYER_CASES) {
    const model = buildCase(c);
    const { x, y } = caseInputs(c);
    const optimizer = OPTIMIZER_CASES[LAYER_CASES.indexOf(c) % OPTIMIZER_CASES.length]!.make();
    await record(async () => optimizer.minimize(() => caseLoss(c, model, x, y)));
    model.compile({ optimizer: OPTIMIZER_CASES[0]!.make(), loss: c.target === 'regression' ? 'meanSquaredError' : c.target === 'binary' ? 'binaryCrossentropy' : 'categoricalCrossentropy', metrics: ['accuracy'] });
    await record(async () => {
      await model.fit(x, y, { epochs: 1, batchSize: 2, validationData: [x, y], verbose: 0 });
      return (model.predict(x) as tf.Tensor).data();
    });
    model.dispose();
  }
  for (const o of OPTIMIZER_CASES) {
    const c = LAYER_CASES[LAYER_CASES.length - 1]!;
    const model = buildCase(c);
    const { x, y } = caseInputs(c);
    await record(async () => o.make().minimize(() => caseLoss(c, model, x, y)));
    model.dispose();
  }

  await initBackend('wasm');
  const wasmNow = new Set(tf.getKernelsForBackend('wasm').map((k) => k.kernelName));
  expect([...used].filter((k) => !wasmNow.has(k))).toEqual([]);
  const gapFillers = WASM_TRAINING_KERNELS.filter((k) => k.kind === 'missing').map((k) => k.config.kernelName);
  const missingFromStockWasm = [...used].filter((k) => gapFillers.includes(k) || !wasmNow.has(k)).sort();
  expect(missingFromStockWasm).toEqual(['Conv2DBackpropFilter']);
  // Every kernel of ours is one that training actually calls.
  for (const { config } of WASM_TRAINING_KERNELS) expect(used.has(config.kernelName), `${config.kernelName} is used by training`).toBe(true);
});
