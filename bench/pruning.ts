/**
 * What pruning saves (issue 10): the same number of trials, on a built-in image sample, three ways —
 * random search trained to the end (the reference, measured in the same run), random + ASHA, and
 * TPE + ASHA — with real trainer processes. Prints, per method, the epochs trained, the best validation
 * accuracy, and how many epochs the method had trained when it first reached the best accuracy full
 * random search reaches. Target: ASHA gets there with at most a third of random search's epochs.
 *
 *   npm run build:node && node scripts/run-ts.mjs bench/pruning.ts [--trials 27] [--epochs 9]
 *     [--concurrency 2] [--dataset sample:shapes-16] [--template cnn] [--seed 1] [--eta 3]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { NodeLauncher } from '../src/main/core/scheduler/launcher-node';
import { Services } from '../src/main/core/services';
import { studySpecSchema, type StudySpecInput } from '../src/shared/domain/study-spec';

const { values: args } = parseArgs({
  options: {
    trials: { type: 'string', default: '27' },
    epochs: { type: 'string', default: '9' },
    concurrency: { type: 'string', default: '2' },
    dataset: { type: 'string', default: 'sample:shapes-16' },
    template: { type: 'string', default: 'cnn' },
    seed: { type: 'string', default: '1' },
    eta: { type: 'string', default: '3' },
  },
});
const trials = Number(args.trials);
const epochs = Number(args.epochs);
const trainer = path.resolve('out/node/trainer.js');
if (!fs.existsSync(trainer)) throw new Error(`${trainer} is missing: run npm run build:node first`);

interface Outcome {
  method: string;
  seconds: number;
  epochs: number;
  best: number;
  pruned: number;
  /** Epochs trained (all trials, in the order they were stored) when `target` was first reached. */
  epochsTo(target: number): number | null;
}

async function runStudy(method: string, extra: Partial<StudySpecInput>): Promise<Outcome> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hps-prune-'));
  const services = new Services({ dataDir, launcher: new NodeLauncher(trainer), concurrency: Number(args.concurrency) });
  try {
    const spec = studySpecSchema.parse({
      name: method,
      dataset: args.dataset,
      template: args.template,
      objective: { metric: 'val_accuracy', direction: 'maximize' },
      algorithm: 'random',
      seed: Number(args.seed),
      budget: { maxTrials: trials },
      backend: 'wasm',
      space: {
        epochs: { type: 'fixed', value: epochs },
        learning_rate: { type: 'log-float', low: 1e-5, high: 3e-1 },
        optimizer: { type: 'choice', values: ['adam', 'sgd', 'rmsprop'] },
        batch_size: { type: 'choice', values: [32, 64, 128] },
        dropout: { type: 'float', low: 0, high: 0.5 },
        ...(args.template === 'cnn' ? { filters: { type: 'choice', values: [4, 8] }, conv_blocks: { type: 'fixed', value: 2 }, dense_units: { type: 'fixed', value: 32 } } : { hidden_layers: { type: 'int', low: 1, high: 3 }, units: { type: 'choice', values: [16, 64] } }),
      },
      ...extra,
    });
    const study = services.createStudy(spec);
    const t0 = performance.now();
    await services.scheduler.startStudy(study.id);
    const seconds = (performance.now() - t0) / 1000;
    const runs = services.store.listRuns(study.id);
    const points = runs.flatMap((r) => services.store.getMetrics(r.id, ['val_accuracy'])).sort((a, b) => a.wallTime - b.wallTime);
    return {
      method,
      seconds,
      epochs: points.length,
      best: Math.max(...points.map((p) => p.value ?? -Infinity)),
      pruned: runs.filter((r) => r.status === 'pruned').length,
      epochsTo(target) {
        const at = points.findIndex((p) => (p.value ?? -Infinity) >= target - 1e-9);
        return at < 0 ? null : at + 1;
      },
    };
  } finally {
    await services.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const asha = { type: 'asha', minEpochs: 1, reductionFactor: Number(args.eta) };
  console.log(`${trials} trials × up to ${epochs} epochs, ${args.template} on ${args.dataset}, concurrency ${args.concurrency}, wasm`);
  const random = await runStudy('random (reference)', {});
  const results = [random, await runStudy('random + ASHA', { pruner: asha } as never), await runStudy('TPE + ASHA', { algorithm: 'tpe', pruner: asha } as never)];
  console.log(`\nTarget: the best val_accuracy full random search reached, ${random.best.toFixed(4)}`);
  console.log('method                 epochs   vs random   best val_acc   pruned   epochs to reach target (share of random\'s)   time s');
  for (const r of results) {
    const to = r.epochsTo(random.best);
    const share = to === null ? 'never' : `${to} (${((to / random.epochs) * 100).toFixed(0)}%)`;
    console.log(
      `${r.method.padEnd(21)}  ${String(r.epochs).padStart(6)}  ${`${((r.epochs / random.epochs) * 100).toFixed(0)}%`.padStart(9)}  ${r.best.toFixed(4).padStart(13)}  ${String(r.pruned).padStart(6)}   ${share.padStart(40)}   ${r.seconds.toFixed(0).padStart(6)}`,
    );
  }
}

void main();
