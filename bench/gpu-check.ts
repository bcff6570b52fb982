/**
 * The one-shot GPU check (run by bench/gpu-check.sh): on a machine with a GPU, in Node, through Dawn
 * (the `webgpu` package) as trials use it:
 *   1. the adapter the webgpu backend trains on;
 *   2. the max gradient difference vs the cpu backend for every layer case and optimizer of the backend
 *      tests (shaders forced even for small tensors), with the tolerance the tests use;
 *   3. samples/s of the reference MLP 784-256-128-10 and CNN conv32-pool-conv64-pool-dense64-dense10 at
 *      batch 64 and 256, webgpu vs wasm (1 thread, as each CPU trial gets on a full machine);
 *   4. 4 trials at once on the GPU vs 1 (aggregate samples/s), each its own process as trials are.
 * Every measurement runs in a child process: one backend per process, as in a trial.
 *
 *   node scripts/run-ts.mjs bench/gpu-check.ts [--backend webgpu|wasm] [--quick]
 * `--backend wasm` is a dry run of the check's own plumbing on a machine without a GPU (every number is
 * then wasm's). Without an adapter the check stops after step 1 and exits 1, saying why.
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { describeAdapter } from '../src/shared/domain/device';
import type { BackendName } from '../src/shared/domain/run';
import { initBackend } from '../src/trainer/backends/init-backend';
import { uploadSplit } from '../src/trainer/training/split-tensors';
import { trainEpoch } from '../src/trainer/training/train-epoch';
import { caseGradients, caseWeightsAfterSteps } from '../test/unit/trainer/backends/fixtures/case-compute';
import { LAYER_CASES } from '../test/unit/trainer/backends/fixtures/layer-cases';
import { OPTIMIZER_CASES } from '../test/unit/trainer/backends/fixtures/optimizers';
import { normalizedMaxError } from '../test/unit/trainer/backends/fixtures/seeded';
import { referenceSession, steadySeconds, syntheticData, syntheticMeta, type ModelName } from './lib/reference-models';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const BACKEND = arg('backend', 'webgpu') as BackendName;
const QUICK = process.argv.includes('--quick');
const TOLERANCE = 1e-3;
const EPOCHS = 3;
/** Samples per epoch: enough for a steady figure, few enough for the 8-minute budget on wasm's CNN. */
const SAMPLES: Record<ModelName, Record<'gpu' | 'wasm', number>> = QUICK
  ? { mlp: { gpu: 512, wasm: 512 }, cnn: { gpu: 256, wasm: 256 } }
  : { mlp: { gpu: 16384, wasm: 8192 }, cnn: { gpu: 8192, wasm: 2048 } };

type Job = { kind: 'adapter' } | { kind: 'gradients' } | { kind: 'train'; model: ModelName; batch: number; backend: BackendName; samples: number };
interface Trained {
  samplesPerSec: number;
  loss: number;
}

// ── children ────────────────────────────────────────────────────────────────

async function runJob(job: Job): Promise<unknown> {
  if (job.kind === 'adapter') {
    const init = await initBackend(BACKEND);
    return { adapter: init.adapter ? describeAdapter(init.adapter) : `${BACKEND} (no adapter: dry run)`, notes: init.notes };
  }
  if (job.kind === 'gradients') return gradients();
  return train(job.model, job.batch, job.backend, job.samples);
}

/** Max normalized difference of every weight's gradient (layers) and of the weights after two steps (optimizers). */
async function gradients(): Promise<{ name: string; error: number }[]> {
  await initBackend(BACKEND);
  // Small tensors still on the CPU would otherwise run tfjs-webgpu's CPU kernels, not its shaders.
  if (BACKEND === 'webgpu') tf.env().set('WEBGPU_CPU_FORWARD', false);
  const rows: { name: string; error: number }[] = [];
  const compare = async (name: string, compute: () => Promise<{ loss: number; values: { data: Float32Array }[] }>) => {
    await initBackend('cpu');
    const ref = await compute();
    await initBackend(BACKEND);
    const got = await compute();
    const errors = ref.values.map((v, i) => normalizedMaxError(got.values[i]?.data ?? [], v.data));
    rows.push({ name, error: Math.max(Math.abs(got.loss - ref.loss) / Math.max(1, Math.abs(ref.loss)), ...errors) });
  };
  for (const c of LAYER_CASES) await compare(`gradient: ${c.name}`, () => caseGradients(c));
  const model = LAYER_CASES[LAYER_CASES.length - 1]!;
  for (const o of OPTIMIZER_CASES) await compare(`2 steps of ${o.name}`, () => caseWeightsAfterSteps(model, o.make, 2));
  return rows;
}

/** Wall-clock samples/s of epochs 2..EPOCHS (the first compiles shaders and warms up) of the trainer's own epoch loop. */
async function train(model: ModelName, batch: number, backend: BackendName, samples: number): Promise<Trained> {
  await initBackend(backend);
  const raw = syntheticData(samples, 1);
  const data = uploadSplit(syntheticMeta(samples, 0), { ...raw, count: samples });
  const s = referenceSession(model, EPOCHS, batch);
  const seconds: number[] = [];
  let loss = NaN;
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    const start = performance.now();
    // trainEpoch reads back once, at the epoch's end: the time covers the GPU's work, not only its queueing.
    loss = (await trainEpoch(s, data, epoch)).loss!;
    seconds.push((performance.now() - start) / 1000);
  }
  s.dispose();
  tf.dispose([data.x, data.y]);
  return { samplesPerSec: samples / steadySeconds(seconds), loss };
}

// ── parent ──────────────────────────────────────────────────────────────────

function inChild<T>(job: Job): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(process.argv[1]!, ['--job', JSON.stringify(job), ...process.argv.slice(2)], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('message', (m: { ok: boolean; value?: T; error?: string }) => (m.ok ? resolve(m.value as T) : reject(new Error(m.error))));
    child.on('exit', (code) => code !== 0 && reject(new Error(`${job.kind} child exited ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`)));
  });
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toPrecision(3));

async function main(): Promise<number> {
  const started = Date.now();
  console.log(`GPU check, backend under test: ${BACKEND}${BACKEND === 'webgpu' ? '' : ' (DRY RUN: no GPU measured)'}; node ${process.version}, ${os.availableParallelism()} cores (${os.cpus()[0]?.model})`);

  console.log('\n1. adapter');
  let adapter: { adapter: string; notes: string[] };
  try {
    adapter = await inChild({ kind: 'adapter' });
  } catch (err) {
    console.log(`   FAILED: ${(err as Error).message}`);
    console.log('   skipped: gradients vs cpu, samples/s webgpu vs wasm, 4 trials vs 1 (they need a WebGPU adapter)');
    return 1;
  }
  console.log(`   ${adapter.adapter}`);
  for (const n of adapter.notes) console.log(`   note: ${n}`);

  console.log(`\n2. max normalized difference vs cpu (tolerance ${TOLERANCE})`);
  const rows = await inChild<{ name: string; error: number }[]>({ kind: 'gradients' });
  for (const r of rows) console.log(`   ${r.error <= TOLERANCE ? 'ok  ' : 'FAIL'} ${r.error.toExponential(2).padStart(9)}  ${r.name}`);
  const worst = rows.reduce((a, b) => (b.error > a.error ? b : a));
  const failed = rows.filter((r) => !(r.error <= TOLERANCE)).length;
  console.log(`   ${failed === 0 ? 'all within tolerance' : `${failed} FAILED`}; largest ${worst.error.toExponential(2)} (${worst.name})`);

  console.log(`\n3. samples/s (wall clock, epochs 2..${EPOCHS}), ${BACKEND} vs wasm with 1 thread`);
  console.log(`   | model | batch | ${BACKEND} | wasm | ${BACKEND} / wasm |`);
  for (const model of ['mlp', 'cnn'] as const) {
    for (const batch of [64, 256]) {
      const gpu = await inChild<Trained>({ kind: 'train', model, batch, backend: BACKEND, samples: SAMPLES[model].gpu });
      const cpu = await inChild<Trained>({ kind: 'train', model, batch, backend: 'wasm', samples: SAMPLES[model].wasm });
      console.log(`   | ${model} | ${batch} | ${fmt(gpu.samplesPerSec)} | ${fmt(cpu.samplesPerSec)} | ${(gpu.samplesPerSec / cpu.samplesPerSec).toFixed(2)}× |`);
    }
  }

  console.log(`\n4. trials sharing one GPU (${BACKEND}, batch 64, each its own process): 1 alone vs 4 at once`);
  for (const model of ['mlp', 'cnn'] as const) {
    const job: Job = { kind: 'train', model, batch: 64, backend: BACKEND, samples: SAMPLES[model].gpu / 2 };
    const one = await inChild<Trained>(job);
    const four = await Promise.all([1, 2, 3, 4].map(() => inChild<Trained>(job)));
    const total = four.reduce((a, t) => a + t.samplesPerSec, 0);
    console.log(`   ${model}: 1 trial ${fmt(one.samplesPerSec)} samples/s; 4 trials ${fmt(total)} samples/s in all (${four.map((t) => fmt(t.samplesPerSec)).join(' + ')}), ${(total / one.samplesPerSec).toFixed(2)}× one`);
  }
  console.log(`\ndone in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return failed === 0 ? 0 : 1;
}

const at = process.argv.indexOf('--job');
if (at >= 0) {
  const job = JSON.parse(process.argv[at + 1]!) as Job;
  runJob(job).then(
    (value) => process.send!({ ok: true, value }, () => process.exit(0)),
    (err: unknown) => process.send!({ ok: false, error: err instanceof Error ? err.message : String(err) }, () => process.exit(0)),
  );
} else {
  void main().then((code) => process.exit(code));
}
