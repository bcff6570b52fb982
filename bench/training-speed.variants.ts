/**
 * `bench/training-speed.ts --variants`: the two reference models built through the trainer's own path
 * (resolveTrialConfig → createSession → buildModel), each with ONE template option changed, trained on
 * wasm for a short run. Samples per CPU-second and the ratio to the unchanged model: issue 5 asks that
 * every option trains at comparable speed, or that the run records the slow path it takes.
 * `--profile` adds, per variant, the kernels taking most of one training step's time.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DatasetMeta } from '../src/shared/domain/dataset';
import { resolveTrialConfig, type ModelTemplate } from '../src/shared/domain/hparams';
import type { ParamSet } from '../src/shared/domain/space';
import { initBackend } from '../src/trainer/backends/init-backend';
import { slowPathsFor } from '../src/trainer/backends/slow-paths';
import { createSession } from '../src/trainer/training/session';
import { uploadSplit } from '../src/trainer/training/split-tensors';
import { trainEpoch } from '../src/trainer/training/train-epoch';

/** The reference models as template hyperparameters (templates use one width for all hidden layers). */
const BASE: Record<Exclude<ModelTemplate, 'transfer'>, ParamSet> = {
  mlp: { hidden_layers: 2, units: 256, activation: 'relu', optimizer: 'adam', learning_rate: 1e-3 },
  cnn: { conv_blocks: 2, filters: 32, filters_growth: 2, kernel_size: 3, stride: 1, padding: 'same', pooling: 'max', pool_size: 2, dense_units: 64, activation: 'relu', optimizer: 'adam', learning_rate: 1e-3 },
};

export const VARIANTS: readonly { template: Exclude<ModelTemplate, 'transfer'>; name: string; change: ParamSet }[] = [
  { template: 'cnn', name: 'reference', change: {} },
  { template: 'cnn', name: 'stride 2', change: { stride: 2 } },
  { template: 'cnn', name: 'padding valid', change: { padding: 'valid' } },
  { template: 'cnn', name: 'pooling avg', change: { pooling: 'avg' } },
  { template: 'cnn', name: 'pooling none', change: { pooling: 'none' } },
  { template: 'cnn', name: 'batch_norm', change: { batch_norm: true } },
  { template: 'cnn', name: 'dropout 0.3', change: { dropout: 0.3 } },
  { template: 'cnn', name: 'kernel_size 5', change: { kernel_size: 5 } },
  { template: 'mlp', name: 'reference', change: {} },
  ...(['tanh', 'sigmoid', 'elu', 'selu', 'leaky_relu'] as const).map((activation) => ({ template: 'mlp' as const, name: activation, change: { activation } })),
  ...(['sgd', 'momentum', 'nesterov', 'rmsprop', 'adagrad', 'adadelta', 'adamax'] as const).map((optimizer) => ({ template: 'mlp' as const, name: optimizer, change: { optimizer } })),
  { template: 'mlp', name: 'l1 1e-4', change: { l1: 1e-4 } },
  { template: 'mlp', name: 'l2 1e-4', change: { l2: 1e-4 } },
  { template: 'mlp', name: 'batch_norm', change: { batch_norm: true } },
  { template: 'mlp', name: 'dropout 0.3', change: { dropout: 0.3 } },
];

interface Raw {
  x: Float32Array;
  y: Float32Array;
}

/** Per-kernel milliseconds of one training epoch's steps, biggest first (tf.profile records every kernel). */
async function kernelProfile(run: () => Promise<unknown>): Promise<string> {
  const info = await tf.profile(async () => {
    await run();
  });
  const byKernel = new Map<string, number>();
  for (const k of info.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + Number(k.kernelTimeMs));
  const total = [...byKernel.values()].reduce((a, b) => a + b, 0);
  return [...byKernel.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([name, ms]) => `${name} ${((100 * ms) / total).toFixed(0)}%`)
    .join(', ');
}

export async function runVariants(meta: DatasetMeta, trainRaw: Raw, opts: { epochs: number; samples: number; batch: number; only?: string; profile: boolean }): Promise<void> {
  await initBackend('wasm');
  tf.enableProdMode();
  console.log(`training speed of template variants on wasm, batch ${opts.batch}, ${opts.samples} samples, ${opts.epochs} epochs (samples per CPU-second, epochs after the first)`);
  const train = uploadSplit(meta, { x: trainRaw.x.slice(0, opts.samples * 784), y: trainRaw.y.slice(0, opts.samples), count: opts.samples });
  const reference: Partial<Record<ModelTemplate, number>> = {};
  const rows: string[] = [];
  for (const v of VARIANTS) {
    if (opts.only && v.name !== 'reference' && !`${v.template} ${v.name}`.includes(opts.only)) continue;
    const config = resolveTrialConfig(v.template, 'multiclass', 1, { ...BASE[v.template], ...v.change, batch_size: opts.batch, epochs: opts.epochs });
    const s = createSession(config, meta);
    const seconds: number[] = [];
    for (let epoch = 1; epoch <= opts.epochs; epoch++) {
      const start = process.cpuUsage();
      await trainEpoch(s, train, epoch);
      const used = process.cpuUsage(start);
      seconds.push((used.user + used.system) / 1e6);
    }
    const steady = seconds.length > 1 ? seconds.slice(1) : seconds;
    const rate = opts.samples / (steady.reduce((a, b) => a + b, 0) / steady.length);
    if (v.name === 'reference') reference[v.template] = rate;
    const ratio = reference[v.template] ? `${(rate / reference[v.template]!).toFixed(2)}×` : 'n/a';
    const slow = slowPathsFor(config, 'wasm').map((line) => line.split(':')[0]).join('; ') || '—';
    const profile = opts.profile ? ` | ${await kernelProfile(() => trainEpoch(s, train, opts.epochs + 1))}` : '';
    s.dispose();
    const row = `| ${v.template} ${v.name} | ${rate.toFixed(0)} | ${ratio} | ${slow}${profile} |`;
    console.log(row);
    rows.push(row);
  }
  tf.dispose([train.x, train.y]);
  console.log(`\n| variant | wasm samples/s | vs reference | recorded slow path${opts.profile ? ' | top kernels' : ''} |`);
  console.log(`|---|---|---|---|${opts.profile ? '---|' : ''}`);
  for (const row of rows) console.log(row);
}
