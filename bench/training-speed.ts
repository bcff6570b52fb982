/**
 * Training speed of the two reference models of issue 5 on the trainer's own loop (trainEpoch, the
 * code every trial runs), next to PyTorch on the CPU with one thread, same data, optimizer and batch:
 *   MLP 784-256-128-10 and CNN conv32-pool-conv64-pool-dense64-dropout(0.25)-dense10 on 28×28×1,
 *   Adam(1e-3), batch 64, softmax cross-entropy, on learnable synthetic MNIST-shaped data.
 * Prints samples per CPU-second (process CPU time, so a busy machine does not skew it; epochs after
 * the first, which warms up), the ratio to PyTorch, validation accuracy
 * of both after the same epochs, and tensor count + RSS at the first and last epoch (must stay flat).
 * tfjs' pure-JS cpu backend runs a few steps only, for scale. PyTorch is skipped with a note when
 * `python3 -c "import torch"` fails (Debian: apt-get install -y python3-torch; without an optimized BLAS
 * such as libopenblas0-pthread, Debian's torch runs Linear layers on the reference BLAS, ~7× slower).
 *
 *   node scripts/run-ts.mjs bench/training-speed.ts [--epochs 4] [--samples 6400] [--models mlp,cnn] [--no-cpu] [--no-torch]
 *   node scripts/run-ts.mjs bench/training-speed.ts --variants [--epochs 2] [--samples 2560] [--only TEXT] [--profile]
 *     (one template option changed at a time, on wasm; see training-speed.variants.ts)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { DatasetMeta } from '../src/shared/domain/dataset';
import { resolveTrialConfig } from '../src/shared/domain/hparams';
import { initBackend } from '../src/trainer/backends/init-backend';
import { evaluateSplit } from '../src/trainer/metrics/evaluate';
import { perSampleLoss } from '../src/trainer/models/losses';
import { buildOptimizer } from '../src/trainer/optimizers/build-optimizer';
import { mulberry32 } from '../src/trainer/random';
import type { TrainingSession } from '../src/trainer/training/session';
import { uploadSplit, type SplitTensors } from '../src/trainer/training/split-tensors';
import { trainEpoch } from '../src/trainer/training/train-epoch';
import { runVariants } from './training-speed.variants';

type ModelName = 'mlp' | 'cnn';
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const EPOCHS = Number(arg('epochs', '4'));
const SAMPLES = Number(arg('samples', '6400'));
const MODELS = arg('models', 'mlp,cnn').split(',') as ModelName[];
const RUN_CPU = !process.argv.includes('--no-cpu');
const RUN_TORCH = !process.argv.includes('--no-torch');
const BATCH = 64;
const SEED = 1;
const CLASSES = 10;
const VAL_SAMPLES = 2000;
/** The cpu backend is 100-1000× slower: it trains this many samples, one epoch, for scale only. */
const CPU_SAMPLES: Record<ModelName, number> = { mlp: 1280, cnn: 128 };

/**
 * 10 classes, each a fixed random pattern of a few Gaussian blobs, drawn at a random brightness under
 * strong pixel noise: learnable to high but not instant accuracy, so accuracy parity means something.
 */
function syntheticData(count: number, seed: number): { x: Float32Array; y: Float32Array } {
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

const meta: DatasetMeta = {
  id: 'bench-synthetic-mnist',
  name: 'synthetic-mnist',
  kind: 'image',
  task: 'multiclass',
  inputShape: [28, 28, 1],
  featureNames: [],
  classNames: Array.from({ length: CLASSES }, (_, i) => String(i)),
  splits: { train: SAMPLES, val: VAL_SAMPLES, test: 0 },
  // The generator already centres and scales the pixels; empty statistics skip normalization.
  normalization: { mean: [], std: [] },
  source: 'synthetic (bench)',
  createdAt: new Date(0).toISOString(),
};

function referenceModel(name: ModelName): tfl.Sequential {
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
function session(name: ModelName, epochs: number): TrainingSession {
  const config = resolveTrialConfig(name, 'multiclass', SEED, { batch_size: BATCH, epochs, optimizer: 'adam', learning_rate: 1e-3 });
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

interface Result {
  samplesPerSec: number;
  valAccuracy?: number;
  memory?: string;
}

const rssMb = () => (process.memoryUsage().rss / 2 ** 20).toFixed(0);

async function trainTfjs(backend: 'wasm' | 'cpu', name: ModelName, data: { train: SplitTensors; val: SplitTensors }, epochs: number): Promise<Result> {
  const s = session(name, epochs);
  const seconds: number[] = [];
  const memory: string[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    // CPU time of this (single-threaded) process, not wall time: on a shared machine other processes'
    // load would otherwise decide the figure. Both sides are measured the same way.
    const start = process.cpuUsage();
    await trainEpoch(s, data.train, epoch);
    const used = process.cpuUsage(start);
    seconds.push((used.user + used.system) / 1e6);
    if (epoch === 1 || epoch === epochs) memory.push(`epoch ${epoch}: ${tf.memory().numTensors} tensors, RSS ${rssMb()} MB`);
  }
  const valAccuracy = backend === 'wasm' ? (await evaluateSplit(s, data.val)).metrics.val_accuracy : undefined;
  s.dispose();
  return { samplesPerSec: data.train.count / steadySeconds(seconds), valAccuracy, memory: memory.join('; ') };
}

/** Mean epoch time after the first (which compiles and warms up), or the only one. */
function steadySeconds(seconds: number[]): number {
  const steady = seconds.length > 1 ? seconds.slice(1) : seconds;
  return steady.reduce((a, b) => a + b, 0) / steady.length;
}

function writeForTorch(dir: string, split: string, d: { x: Float32Array; y: Float32Array }): void {
  fs.writeFileSync(path.join(dir, `${split}.x.f32`), d.x);
  fs.writeFileSync(path.join(dir, `${split}.y.f32`), d.y);
}

function trainTorch(dir: string, name: ModelName): Result | string {
  const script = path.join(__dirname, '..', '..', 'bench', 'training-speed.py');
  // One thread for BLAS and OpenMP too, not only for torch's own pool.
  const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const out = spawnSync(python!, [script, dir, name, String(EPOCHS), String(BATCH), String(SEED)], { encoding: 'utf8', env });
  if (out.status !== 0) return `PyTorch failed: ${out.stderr.trim().split('\n').pop()}`;
  const r = JSON.parse(out.stdout.trim().split('\n').pop()!) as { epochSeconds: number[]; valAccuracy: number; torch: string };
  return { samplesPerSec: SAMPLES / steadySeconds(r.epochSeconds), valAccuracy: r.valAccuracy, memory: `torch ${r.torch}` };
}

// The system python (Debian's python3-torch) may sit behind a pyenv/venv `python3` earlier on PATH.
const python = RUN_TORCH ? [process.env.PYTHON, 'python3', '/usr/bin/python3'].find((p) => p && spawnSync(p, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0) : undefined;
const torchAvailable = python !== undefined;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hps-training-speed-'));
const trainRaw = syntheticData(SAMPLES, 1);
const valRaw = syntheticData(VAL_SAMPLES, 2);
writeForTorch(dir, 'train', trainRaw);
writeForTorch(dir, 'val', valRaw);

async function main(): Promise<void> {
  const init = await initBackend('wasm');
  console.log(`training speed, batch ${BATCH}, ${SAMPLES} synthetic 28×28×1 samples, ${EPOCHS} epochs (samples per CPU-second, mean of epochs 2..${EPOCHS}), node ${process.version}, ${os.cpus()[0]?.model}`);
  console.log(`wasm fallbacks: ${init.fallbacks.length ? `\n  - ${init.fallbacks.join('\n  - ')}` : 'none'}`);
  if (init.notes.length) console.log(`wasm notes: ${init.notes.join('; ')}`);
  const rows: string[] = [];
  for (const name of MODELS) {
    await initBackend('wasm');
    const wasmData = { train: uploadSplit(meta, { ...trainRaw, x: trainRaw.x.slice(), count: SAMPLES }), val: uploadSplit(meta, { ...valRaw, x: valRaw.x.slice(), count: VAL_SAMPLES }) };
    const wasm = await trainTfjs('wasm', name, wasmData, EPOCHS);
    tf.dispose([wasmData.train.x, wasmData.train.y, wasmData.val.x, wasmData.val.y]);
    console.log(`${name} wasm: ${wasm.samplesPerSec.toFixed(0)} samples/s, val accuracy ${wasm.valAccuracy?.toFixed(3)}; ${wasm.memory}`);

    let cpu: Result | undefined;
    if (RUN_CPU) {
      await initBackend('cpu');
      const n = CPU_SAMPLES[name];
      const cpuData = { train: uploadSplit(meta, { x: trainRaw.x.slice(0, n * 784), y: trainRaw.y.slice(0, n), count: n }), val: uploadSplit(meta, { x: valRaw.x.slice(0, 784), y: valRaw.y.slice(0, 1), count: 1 }) };
      cpu = await trainTfjs('cpu', name, cpuData, 1);
      tf.dispose([cpuData.train.x, cpuData.train.y, cpuData.val.x, cpuData.val.y]);
      console.log(`${name} cpu: ${cpu.samplesPerSec.toFixed(1)} samples/s (${n} samples, 1 epoch, includes warm-up)`);
    }

    let torch: Result | string = RUN_TORCH ? 'PyTorch skipped: `python3 -c "import torch"` fails (apt-get install -y python3-torch)' : 'PyTorch skipped (--no-torch)';
    if (torchAvailable) torch = trainTorch(dir, name);
    if (typeof torch === 'string') console.log(`${name} ${torch}`);
    else console.log(`${name} PyTorch: ${torch.samplesPerSec.toFixed(0)} samples/s, val accuracy ${torch.valAccuracy?.toFixed(3)} (${torch.memory})`);

    const ratio = typeof torch === 'string' ? 'n/a' : `${(wasm.samplesPerSec / torch.samplesPerSec).toFixed(2)}×`;
    const torchCell = typeof torch === 'string' ? 'skipped' : `${torch.samplesPerSec.toFixed(0)} (acc ${torch.valAccuracy?.toFixed(3)})`;
    rows.push(`| ${name} | ${torchCell} | ${wasm.samplesPerSec.toFixed(0)} (acc ${wasm.valAccuracy?.toFixed(3)}) | ${ratio} | ${cpu ? cpu.samplesPerSec.toFixed(1) : 'skipped'} |`);
  }
  console.log('\n| model | PyTorch CPU 1 thread | tfjs wasm (ours) | wasm / PyTorch | tfjs cpu |');
  console.log('|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  fs.rmSync(dir, { recursive: true, force: true });
}

if (process.argv.includes('--variants')) {
  const only = process.argv.includes('--only') ? arg('only', '') : undefined;
  void runVariants(meta, trainRaw, { epochs: Number(arg('epochs', '2')), samples: Number(arg('samples', '2560')), batch: BATCH, only, profile: process.argv.includes('--profile') }).then(() => fs.rmSync(dir, { recursive: true, force: true }));
} else {
  void main();
}
