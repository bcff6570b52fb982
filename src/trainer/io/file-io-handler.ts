import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { AppError } from '../../shared/result';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

/**
 * Saves/loads a model to a directory in the standard TensorFlow.js layers format (model.json with
 * modelTopology + weightsManifest, one weights.bin), readable by tf.loadLayersModel in a browser.
 * tfjs only ships a file:// handler with tfjs-node, which this app cannot require.
 */
export function fileSystemHandler(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new AppError('unsupported', `${dir}: binary model topologies cannot be saved as ${MODEL_JSON}`);
      }
      const weightData = tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0));
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers`,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
        ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
      };
      fs.mkdirSync(dir, { recursive: true });
      // Weights first: a model.json that exists always points at complete weights.
      fs.writeFileSync(path.join(dir, WEIGHTS_BIN), new Uint8Array(weightData));
      fs.writeFileSync(path.join(dir, MODEL_JSON), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON({ ...artifacts, weightData }) };
    },

    async load(): Promise<tf.io.ModelArtifacts> {
      return tf.io.getModelArtifactsForJSON(readModelJson(dir), async (manifest) => [tf.io.getWeightSpecs(manifest), readWeightData(dir, manifest)]);
    },
  };
}

/** A standalone ArrayBuffer copy: fs Buffers may be views into a shared pool. */
/** A bundle's model.json, with an error naming the file when it is missing or not JSON. */
export function readModelJson(dir: string): tf.io.ModelJSON {
  const file = path.join(dir, MODEL_JSON);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as tf.io.ModelJSON;
  } catch (err) {
    throw new AppError('io_error', `${file}: cannot read model (${(err as Error).message})`);
  }
}

/** All weight files a manifest names, joined in manifest order. */
export function readWeightData(dir: string, manifest: tf.io.WeightsManifestConfig): ArrayBuffer {
  return tf.io.CompositeArrayBuffer.join(manifest.flatMap((group) => group.paths.map((p) => readArrayBuffer(path.join(dir, p)))));
}

export function readArrayBuffer(file: string): ArrayBuffer {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (err) {
    throw new AppError('io_error', `${file}: cannot read weights (${(err as Error).message})`);
  }
  const out = new ArrayBuffer(buf.byteLength);
  new Uint8Array(out).set(buf);
  return out;
}
