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
import type { DatasetMeta } from '../src/shared/domain/dataset';
import { initBackend } from '../src/trainer/backends/init-backend';
import { evaluateSplit } from '../src/trainer/metrics/evaluate';
import type { TrainingSession } from '../src/trainer/training/session';
import { uploadSplit, type SplitTensors } from '../src/trainer/training/split-tensors';
import { trainEpoch } from '../src/trainer/training/train-epoch';
import { referenceSession, steadySeconds, syntheticData, syntheticMeta, type ModelName } from './lib/reference-models';
import { runVariants } from './training-speed.variants';

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
const VAL_SAMPLES = 2000;
/** The cpu backend is 100-1000× slower: it trains this many samples, one epoch, for scale only. */
const CPU_SAMPLES: Record<ModelName, number> = { mlp: 1280, cnn: 128 };

const meta: DatasetMeta = syntheticMeta(SAMPLES, VAL_SAMPLES);
const session = (name: ModelName, epochs: number): TrainingSession => referenceSession(name, epochs, BATCH);

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
