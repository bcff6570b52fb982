/**
 * Does a trial that runs alone gain from the idle cores? Wall-clock training speed of the reference MLP
 * and CNN (bench/lib/reference-models.ts) on wasm with 1 thread and with every core (the threaded SIMD
 * build, src/trainer/backends/wasm-threads.ts), each in its own process as a trial is, measured in the
 * same run. Wall time, not CPU time: the point of threads is to finish sooner. On a machine other work
 * shares, run it twice; the ratio is what to read.
 *
 *   node scripts/run-ts.mjs bench/wasm-threads.ts [--epochs 3] [--samples 2048] [--models mlp,cnn] [--batch 64] [--threads N]
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/trainer/backends/init-backend';
import { uploadSplit } from '../src/trainer/training/split-tensors';
import { trainEpoch } from '../src/trainer/training/train-epoch';
import { referenceSession, steadySeconds, syntheticData, syntheticMeta, type ModelName } from './lib/reference-models';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const EPOCHS = Number(arg('epochs', '3'));
const SAMPLES = Number(arg('samples', '2048'));
const BATCH = Number(arg('batch', '64'));
const MODELS = arg('models', 'mlp,cnn').split(',') as ModelName[];
const THREADS = Number(arg('threads', String(os.availableParallelism())));

interface Measured {
  samplesPerSec: number;
  threads: number;
  notes: string[];
}

/** Child: one model on wasm with `threads`, reports wall-clock samples/s of epochs 2..E. */
async function child(model: ModelName, threads: number): Promise<Measured> {
  const init = await initBackend('wasm', { threads });
  const raw = syntheticData(SAMPLES, 1);
  const train = uploadSplit(syntheticMeta(SAMPLES, 0), { ...raw, count: SAMPLES });
  const s = referenceSession(model, EPOCHS, BATCH);
  const seconds: number[] = [];
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    const start = performance.now();
    await trainEpoch(s, train, epoch);
    seconds.push((performance.now() - start) / 1000);
  }
  s.dispose();
  tf.dispose([train.x, train.y]);
  return { samplesPerSec: SAMPLES / steadySeconds(seconds), threads: init.threads, notes: init.notes };
}

function measure(model: ModelName, threads: number): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const p = fork(process.argv[1]!, ['--child', model, String(threads), ...process.argv.slice(2)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    p.on('message', (m) => resolve(m as Measured));
    p.on('exit', (code) => code !== 0 && reject(new Error(`child ${model}/${threads} exited ${code}`)));
  });
}

async function main(): Promise<void> {
  console.log(`wasm threads: wall-clock samples/s, batch ${BATCH}, ${SAMPLES} samples, mean of epochs 2..${EPOCHS}; ${os.availableParallelism()} cores (${os.cpus()[0]?.model}), load average ${os.loadavg()[0]!.toFixed(1)}`);
  console.log('| model | 1 thread | ' + `${THREADS} threads | ratio |`);
  console.log('|---|---|---|---|');
  for (const model of MODELS) {
    const one = await measure(model, 1);
    const many = await measure(model, THREADS);
    const note = many.threads < THREADS ? ` (got ${many.threads}: ${many.notes.join('; ')})` : '';
    console.log(`| ${model} | ${one.samplesPerSec.toFixed(0)} | ${many.samplesPerSec.toFixed(0)}${note} | ${(many.samplesPerSec / one.samplesPerSec).toFixed(2)}× |`);
  }
}

const at = process.argv.indexOf('--child');
if (at >= 0) {
  void child(process.argv[at + 1] as ModelName, Number(process.argv[at + 2])).then((m) => {
    process.send!(m);
    process.exit(0);
  });
} else void main();
