/**
 * The two reference models of issue 5 and the data they train on, shared by the speed benches
 * (training-speed.ts, wasm-threads.ts, gpu-check.ts):
 *   MLP 784-256-128-10 and CNN conv32-pool-conv64-pool-dense64-dropout(0.25)-dense10 on 28×28×1,
 *   Adam(1e-3), softmax cross-entropy, on learnable synthetic MNIST-shaped data.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { DatasetMeta } from '../../src/shared/domain/dataset';
import { resolveTrialConfig } from '../../src/shared/domain/hparams';
import { perSampleLoss } from '../../src/trainer/models/losses';
import { buildOptimizer } from '../../src/trainer/optimizers/build-optimizer';
import { mulberry32 } from '../../src/trainer/random';
import type { TrainingSession } from '../../src/trainer/training/session';

export type ModelName = 'mlp' | 'cnn';
export const CLASSES = 10;
const SEED = 1;

/**
 * 10 classes, each a fixed random pattern of a few Gaussian blobs, drawn at a random brightness under
 * strong pixel noise: learnable to high but not instant accuracy, so accuracy parity means something.
 */
export function syntheticData(count: number, seed: number): { x: Float32Array; y: Float32Array } {
  const patternRand = mulberry32(12345);
  const patterns = Array.from({ length: CLASSES }, () => {
    const p = new Float32Array(784);
    for (let blob = 0; blob < 3; blob++) {
      const cy = 4 + patternRand() * 20;
      const cx = 4 + patternRand() * 20;
      for (let i = 0; i < 28; i++) for (let j = 0; j < 28; j++) p[i * 28 + j]! += Math.exp(-((i - cy) ** 2 + (j - cx) ** 2) / 12);
    }
    return p;
  });
  const rand = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const x = new Float32Array(count * 784);
  const y = new Float32Array(count);
  for (let n = 0; n < count; n++) {
    const label = Math.floor(rand() * CLASSES);
    const brightness = 0.6 + rand() * 0.8;
    y[n] = label;
    const p = patterns[label]!;
    for (let i = 0; i < 784; i++) x[n * 784 + i] = p[i]! * brightness + gauss() * 1.4 - 0.15;
  }
  return { x, y };
}

export function syntheticMeta(train: number, val: number): DatasetMeta {
  return {
    id: 'bench-synthetic-mnist',
    name: 'synthetic-mnist',
    kind: 'image',
    task: 'multiclass',
    inputShape: [28, 28, 1],
    featureNames: [],
    classNames: Array.from({ length: CLASSES }, (_, i) => String(i)),
    splits: { train, val, test: 0 },
    // The generator already centres and scales the pixels; empty statistics skip normalization.
    normalization: { mean: [], std: [] },
    source: 'synthetic (bench)',
    createdAt: new Date(0).toISOString(),
  };
}

export function referenceModel(name: ModelName): tfl.Sequential {
  const init = (i: number) => tfl.initializers.glorotUniform({ seed: SEED * 100 + i });
  const m = tfl.sequential();
  if (name === 'mlp') {
    m.add(tfl.layers.flatten({ inputShape: [28, 28, 1] }));
    m.add(tfl.layers.dense({ units: 256, activation: 'relu', kernelInitializer: init(0) }));
    m.add(tfl.layers.dense({ units: 128, activation: 'relu', kernelInitializer: init(1) }));
  } else {
    m.add(tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(0) }));
    m.add(tfl.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
    m.add(tfl.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) }));
    m.add(tfl.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
    m.add(tfl.layers.flatten());
    m.add(tfl.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init(2) }));
    m.add(tfl.layers.dropout({ rate: 0.25 }));
  }
  m.add(tfl.layers.dense({ units: CLASSES, activation: 'softmax', kernelInitializer: init(3) }));
  return m;
}

/** A session as createSession builds one, around the reference model (the templates use one width for all hidden layers). */
export function referenceSession(name: ModelName, epochs: number, batch: number): TrainingSession {
  const config = resolveTrialConfig(name, 'multiclass', SEED, { batch_size: batch, epochs, optimizer: 'adam', learning_rate: 1e-3 });
  const model = referenceModel(name);
  const optimizer = buildOptimizer(config.hparams);
  return {
    config,
    task: 'multiclass',
    classes: CLASSES,
    model,
    optimizer,
    loss: perSampleLoss('categorical_crossentropy', 1),
    trainableVars: model.trainableWeights.map((w) => w.read() as tf.Variable),
    phase: 'train',
    enterPhase() {
      // one phase: the reference models have no base to unfreeze
    },
    dispose() {
      optimizer.dispose();
      model.dispose();
    },
  };
}

/** Mean epoch time after the first (which compiles and warms up), or the only one. */
export function steadySeconds(seconds: number[]): number {
  const steady = seconds.length > 1 ? seconds.slice(1) : seconds;
  return steady.reduce((a, b) => a + b, 0) / steady.length;
}
