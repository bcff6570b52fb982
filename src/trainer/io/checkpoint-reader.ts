import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { AppError } from '../../shared/result';
import { phaseOf } from '../../shared/schedules/phases';
import { setOptimizerState } from '../optimizers/optimizer-state';
import type { TrainingSession } from '../training/session';
import type { LoopState } from '../training/train-loop';
import { checkpointStateSchema, describeStateProblem, OPTIMIZER_BIN, STATE_JSON, type CheckpointState } from '../../formats/checkpoint-state';
import { MODEL_JSON, readArrayBuffer, readModelJson, readWeightData } from './file-io-handler';

export function readCheckpointState(dir: string): CheckpointState {
  const file = path.join(dir, STATE_JSON);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new AppError('io_error', `${file}: cannot read checkpoint state (${(err as Error).message})`);
  }
  const problem = describeStateProblem(raw);
  if (problem) throw new AppError('invalid_input', `${file}: ${problem}`);
  return checkpointStateSchema.parse(raw);
}

/**
 * The checkpoint's weights in the model's order. By name when both sides name every weight uniquely and
 * alike (`dense_1/kernel`: our layers are named explicitly): the order model.save writes depends on
 * which layers were trainable at the time (trainable weights first), and a transfer run saved while
 * fine-tuning is loaded into a model built in its head phase. Otherwise by position, as saved.
 */
function inModelOrder(specs: tf.io.WeightsManifestEntry[], model: tfl.LayersModel): string[] {
  const wanted = model.weights.map((w) => w.originalName);
  const saved = specs.map((s) => s.name);
  const unique = (names: string[]) => new Set(names).size === names.length;
  const sameNames = unique(wanted) && unique(saved) && wanted.length === saved.length && wanted.every((n) => saved.includes(n));
  return sameNames ? wanted : saved;
}

/** Loads a checkpoint's weights into a model built from the same config (see inModelOrder for how they are matched). */
export function loadModelWeights(dir: string, model: tfl.LayersModel): void {
  const file = path.join(dir, MODEL_JSON);
  const modelJson = readModelJson(dir);
  const specs = tf.io.getWeightSpecs(modelJson.weightsManifest);
  const data = readWeightData(dir, modelJson.weightsManifest);
  const byName = tf.io.decodeWeights(data, specs);
  const expected = model.weights;
  if (specs.length !== expected.length) {
    tf.dispose(Object.values(byName));
    throw new AppError('invalid_input', `${file}: holds ${specs.length} weights, the model built from this run's config has ${expected.length}`);
  }
  const names = inModelOrder(specs, model);
  const values = names.map((n) => byName[n]!);
  try {
    values.forEach((v, i) => {
      const shape = expected[i]!.shape;
      if (v.shape.join() !== shape.join()) throw new AppError('invalid_input', `${file}: weight ${names[i]} has shape [${v.shape}], the model expects [${shape}]`);
    });
    model.setWeights(values);
  } finally {
    tf.dispose(values);
  }
}

async function loadOptimizerState(dir: string, state: CheckpointState, optimizer: tf.Optimizer): Promise<void> {
  if (state.optimizer.className !== optimizer.getClassName()) {
    throw new AppError('invalid_input', `${dir}: checkpoint holds ${state.optimizer.className} optimizer state, this run uses ${optimizer.getClassName()}`);
  }
  const specs = state.optimizer.weightSpecs as tf.io.WeightsManifestEntry[];
  const byName = tf.io.decodeWeights(readArrayBuffer(path.join(dir, OPTIMIZER_BIN)), specs);
  const tensors = specs.map((s) => ({ name: s.name.slice(s.name.indexOf('/') + 1), tensor: byName[s.name]! }));
  try {
    await setOptimizerState(optimizer, tensors);
  } finally {
    // setWeights copies into new variables, so the decoded tensors are ours to free.
    tf.dispose(tensors.map((t) => t.tensor));
  }
}

/**
 * Restores model weights, optimizer slots and loop state into a session built from the run's config;
 * training continues at `epoch + 1`. The session is put in the checkpoint's phase first (which layers
 * train, which optimizer the slots belong to), after checking that the config puts the epoch there.
 */
export async function restoreCheckpoint(dir: string, session: TrainingSession): Promise<{ loop: LoopState; state: CheckpointState }> {
  const state = readCheckpointState(dir);
  const { seed, hparams } = session.config;
  if (state.seed !== seed) throw new AppError('invalid_input', `${dir}: checkpoint was trained with seed ${state.seed}, this run has seed ${seed}`);
  const expected = phaseOf(hparams, state.epoch);
  if (state.phase !== expected) {
    throw new AppError('invalid_input', `${dir}: checkpoint of epoch ${state.epoch} is in phase '${state.phase}', this run's config puts that epoch in phase '${expected}'`);
  }
  session.enterPhase(state.phase);
  loadModelWeights(dir, session.model);
  await loadOptimizerState(dir, state, session.optimizer);
  return { loop: { epoch: state.epoch, phase: state.phase, plateau: state.schedule, earlyStopping: state.earlyStopping, history: state.history }, state };
}
