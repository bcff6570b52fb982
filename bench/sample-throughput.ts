/**
 * Training throughput (samples/s) of the two built-in samples, per backend that loads here, one
 * thread, in one process — the figure the foundation issue asks for. Reference in the same run: the
 * same models on the pure-JS cpu backend, so the wasm figure reads as a speed-up on any machine.
 *
 *   node scripts/run-ts.mjs bench/sample-throughput.ts [epochs]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureSample } from '../src/main/core/datasets/samples';
import { resolveTrialConfig, type ModelTemplate } from '../src/shared/domain/hparams';
import type { BackendName } from '../src/shared/domain/run';
import { TRAINER_PROTOCOL_VERSION, type StartMessage } from '../src/shared/trainer-protocol';
import { initBackend } from '../src/trainer/backends/init-backend';
import { runTrial } from '../src/trainer/run-trial';

const epochs = Number(process.argv[2] ?? 4);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hps-bench-'));

const cases: { label: string; sample: 'binary-1000x10' | 'shapes-16'; template: ModelTemplate; params: Record<string, number | string> }[] = [
  { label: 'MLP 10-64-64-1, adam, batch 32 (sample:binary-1000x10)', sample: 'binary-1000x10', template: 'mlp', params: { hidden_layers: 2, units: 64, batch_size: 32 } },
  { label: 'CNN conv8-pool-conv16-pool-dense32, adam, batch 32 (sample:shapes-16)', sample: 'shapes-16', template: 'cnn', params: { conv_blocks: 2, filters: 8, dense_units: 32, batch_size: 32 } },
];

async function measure(backend: BackendName, c: (typeof cases)[number]): Promise<number> {
  await initBackend(backend);
  const ds = ensureSample(c.sample, path.join(dir, 'datasets'));
  const config = resolveTrialConfig(c.template, ds.meta.task, 1, { ...c.params, epochs, es_restore_best: false });
  const start: StartMessage = {
    type: 'start',
    protocol: TRAINER_PROTOCOL_VERSION,
    runId: 1,
    attempt: 1,
    config,
    dataset: ds,
    backend,
    runDir: path.join(dir, `${backend}-${c.template}`),
    heartbeatMs: 10_000,
    threads: 1,
    verdicts: false,
  };
  const rates: number[] = [];
  await runTrial(start, {
    send: (m) => {
      if (m.type === 'epoch' && m.metrics.samples_per_sec !== undefined) rates.push(m.metrics.samples_per_sec);
    },
    shouldStop: () => null,
  });
  // The first epoch pays for kernel compilation and warm-up: report the median of the rest.
  const steady = rates.slice(1).sort((a, b) => a - b);
  return steady[Math.floor(steady.length / 2)] ?? rates[0] ?? NaN;
}

async function main(): Promise<void> {
  console.log(`samples/s, median of epochs 2..${epochs}, 1 thread, ${os.cpus()[0]?.model ?? 'cpu'}`);
  console.log(['model'.padEnd(72), 'wasm'.padStart(9), 'cpu (ref)'.padStart(10), 'wasm/cpu'.padStart(9)].join(' '));
  for (const c of cases) {
    const wasm = await measure('wasm', c);
    const cpu = await measure('cpu', c);
    console.log([c.label.padEnd(72), wasm.toFixed(0).padStart(9), cpu.toFixed(0).padStart(10), `${(wasm / cpu).toFixed(1)}×`.padStart(9)].join(' '));
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
