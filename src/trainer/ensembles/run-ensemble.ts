import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { readSplit } from '../../formats/dataset-cache';
import { AppError } from '../../shared/result';
import type { EnsembleMessage, TrainerToHost } from '../../shared/trainer-protocol';
import { fileSystemHandler } from '../io/file-io-handler';
import { outputUnitsFor } from '../models/output-head';
import { normalizeInPlace } from '../training/normalize';
import { scoreOutputs, type SplitOutputs } from './score-outputs';
import { averageOutputs, greedySelect } from './select-members';

type EnsembleResult = Extract<TrainerToHost, { type: 'ensemble-result' }>;

const BATCH = 256;

/** A member's outputs for every row, predicted in batches (inference mode). */
async function predictRows(model: tfl.LayersModel, x: tf.Tensor, count: number, units: number, runId: number): Promise<Float32Array> {
  const out = new Float32Array(count * units);
  for (let start = 0; start < count; start += BATCH) {
    const size = Math.min(BATCH, count - start);
    const pred = tf.tidy(() => model.predict(tf.slice(x, start, size)) as tf.Tensor);
    if (pred.size !== size * units) {
      pred.dispose();
      throw new AppError('invalid_input', `run ${runId}: its model has ${pred.shape.slice(1).join('×')} outputs, the ensemble's task needs ${units}`);
    }
    out.set(await pred.data(), start * units);
    pred.dispose();
  }
  return out;
}

/**
 * Loads each member's saved model (model.json + weights of its final checkpoint), predicts the split
 * once per member, then selects and scores in plain arithmetic (select-members.ts, score-outputs.ts):
 * the members' own metrics come from the same computation, so the comparison is like for like.
 */
export async function runEnsemble(msg: EnsembleMessage): Promise<EnsembleResult> {
  const { meta, cacheDir } = msg.dataset;
  const name = msg.ensembleId > 0 ? `ensemble ${msg.ensembleId}` : 'ensemble';
  if (meta.splits[msg.split] === 0) throw new AppError('invalid_input', `${name}: dataset ${meta.name} has no ${msg.split} split`);
  if (msg.weights.length !== msg.members.length) throw new AppError('invalid_input', `${name}: ${msg.weights.length} weights for ${msg.members.length} members`);
  const raw = readSplit(cacheDir, meta, msg.split);
  const rowSize = meta.inputShape.reduce((a, b) => a * b, 1);
  const x = tf.tensor(normalizeInPlace(raw.x, msg.normalization, rowSize), [raw.count, ...meta.inputShape], 'float32');
  const units = outputUnitsFor(msg.task, meta.classNames.length);
  const outputs: Float32Array[] = [];
  try {
    for (const member of msg.members) {
      const model = await tfl.loadLayersModel(fileSystemHandler(member.checkpoint));
      try {
        outputs.push(await predictRows(model, x, raw.count, units, member.runId));
      } finally {
        model.dispose();
      }
    }
  } finally {
    x.dispose();
  }
  const split: SplitOutputs = { task: msg.task, units, labels: raw.y };
  const prefix = `${msg.split}_`;
  const selection = msg.select.method === 'greedy' ? greedySelect(split, outputs, msg.objective, msg.select.iterations, prefix) : { weights: msg.weights, trace: undefined };
  const scored = scoreOutputs(split, averageOutputs(outputs, selection.weights), prefix);
  return {
    type: 'ensemble-result',
    weights: selection.weights,
    metrics: scored.metrics,
    memberMetrics: outputs.map((o) => scoreOutputs(split, o, prefix).metrics),
    ...(scored.confusion ? { confusion: scored.confusion } : {}),
    ...(selection.trace ? { trace: selection.trace } : {}),
  };
}
