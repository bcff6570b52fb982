import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { getOptimizerState } from '../optimizers/optimizer-state';
import { clearDropoutSeeds } from '../training/dropout-seeds';
import type { LoopState } from '../training/train-loop';
import { CHECKPOINT_STATE_VERSION, OPTIMIZER_BIN, STATE_JSON, type CheckpointState } from '../../formats/checkpoint-state';
import { checkpointDir, checkpointsDir } from '../../formats/checkpoint-dirs';
import { fileSystemHandler } from './file-io-handler';

export { checkpointDir, checkpointsDir, pruneCheckpoints } from '../../formats/checkpoint-dirs';

export interface CheckpointInput {
  model: tfl.LayersModel;
  optimizer: tf.Optimizer;
  seed: number;
  loop: LoopState;
  valConfusion?: number[][];
}

/**
 * Writes `<runDir>/checkpoints/epoch-<n>/` (model.json + weights.bin, optimizer.bin, state.json) into a
 * temp dir renamed into place last, so a crash mid-write never leaves a checkpoint that looks complete.
 * Returns the checkpoint's path.
 */
export async function writeCheckpoint(runDir: string, input: CheckpointInput): Promise<string> {
  const epoch = input.loop.epoch;
  const finalDir = checkpointDir(runDir, epoch);
  const tmpDir = path.join(checkpointsDir(runDir), `.tmp-epoch-${epoch}-${process.pid}`);
  fs.rmSync(tmpDir, { recursive: true, force: true });
  try {
    clearDropoutSeeds(input.model);
    await input.model.save(fileSystemHandler(tmpDir));
    const { tensors, owned } = await getOptimizerState(input.optimizer);
    // Position-prefixed names: tfjs decodes weights into a name-keyed map, and slots are matched by position.
    const encoded = await tf.io.encodeWeights(tensors.map((t, i) => ({ name: `${i}/${t.name}`, tensor: t.tensor })));
    tf.dispose(owned);
    fs.writeFileSync(path.join(tmpDir, OPTIMIZER_BIN), new Uint8Array(tf.io.CompositeArrayBuffer.join(encoded.data)));
    const state: CheckpointState = {
      version: CHECKPOINT_STATE_VERSION,
      phase: input.loop.phase,
      epoch,
      seed: input.seed,
      optimizer: { className: input.optimizer.getClassName(), weightSpecs: encoded.specs as unknown as CheckpointState['optimizer']['weightSpecs'] },
      schedule: input.loop.plateau,
      earlyStopping: input.loop.earlyStopping,
      history: input.loop.history,
      ...(input.valConfusion ? { valConfusion: input.valConfusion } : {}),
    };
    fs.writeFileSync(path.join(tmpDir, STATE_JSON), JSON.stringify(state));
    fs.rmSync(finalDir, { recursive: true, force: true });
    fs.renameSync(tmpDir, finalDir);
  } catch (err) {
    fs.rmSync(tmpDir, { recursive: true, force: true });
    throw err;
  }
  return finalDir;
}
