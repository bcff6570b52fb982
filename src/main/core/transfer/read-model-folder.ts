import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { normalizationSchema, type BaseModelRef } from '../../../shared/domain/base-model';
import { AppError } from '../../../shared/result';
import { readModelJsonFile } from '../export/bundle-dir';

/** What a model folder says about itself: everything of a BaseModelRef but its id, name and home. */
export type ModelFolderInfo = Omit<BaseModelRef, 'id' | 'name' | 'dir'> & { files: string[] };

/** Metadata files a bundle may carry, first found wins (the same pair predict.ts reads). */
const METADATA_FILES = ['hparam-studio.json', 'metadata.json'] as const;

const studioMetadata = z.object({
  input: z.object({
    shape: z.array(z.number().int().positive()).optional(),
    normalization: normalizationSchema.optional(),
    featureNames: z.array(z.string()).optional(),
    valueRange: z.tuple([z.number(), z.number()]).optional(),
  }).loose(),
}).loose();
const plainMetadata = z.object({ inputShape: z.array(z.number().int().positive()).optional(), normalization: normalizationSchema.optional(), featureNames: z.array(z.string()).optional() }).loose();

type Json = Record<string, unknown>;

/** A path that is a model (model.json, or a folder holding one), not a dataset: how a drop is told apart. */
export function isModelSource(p: string): boolean {
  try {
    const stat = fs.statSync(p);
    return stat.isFile() ? path.basename(p) === 'model.json' : fs.existsSync(path.join(p, 'model.json'));
  } catch {
    return false;
  }
}

/** `dir` may name the folder or its model.json. */
export function modelFolderOf(source: string): string {
  const stat = fs.existsSync(source) ? fs.statSync(source) : null;
  if (!stat) throw new AppError('not_found', `${source}: no such file or folder`);
  if (stat.isFile()) {
    if (path.basename(source) !== 'model.json') throw new AppError('invalid_input', `${source}: give a folder holding model.json (and its weight files), or model.json itself`);
    return path.dirname(source);
  }
  if (!fs.existsSync(path.join(source, 'model.json'))) throw new AppError('invalid_input', `${source}: no model.json in this folder (a TensorFlow.js Layers model is model.json + weight files)`);
  return source;
}

function inputShapeOf(topology: Json, file: string): number[] {
  const root = ((topology.model_config as Json | undefined) ?? topology) as Json;
  const config = root.config as Json | Json[] | undefined;
  const layers = (Array.isArray(config) ? config : (config?.layers as Json[] | undefined)) ?? [];
  let first: Json | undefined;
  if (root.class_name === 'Sequential') first = layers[0];
  else if (root.class_name === 'Model' || root.class_name === 'Functional') {
    const inputs = ((config as Json).input_layers as [string][] | undefined) ?? [];
    if (inputs.length !== 1) throw new AppError('invalid_input', `${file}: the model takes ${inputs.length} inputs; a base model must take one`);
    first = layers.find((l) => l.name === inputs[0]![0]);
  } else throw new AppError('invalid_input', `${file}: holds a ${String(root.class_name ?? 'model of unknown kind')}, not a TensorFlow.js Layers model (Sequential or functional)`);
  const c = (first?.config ?? {}) as Json;
  const shape = (c.batch_input_shape ?? c.batch_shape) as (number | null)[] | undefined;
  if (!shape || shape.slice(1).some((d) => typeof d !== 'number' || d < 1)) {
    throw new AppError('invalid_input', `${file}: the model does not say a fixed input shape (batch_input_shape of its first layer)`);
  }
  return shape.slice(1) as number[];
}

function layersOf(topology: Json, weights: { name: string; shape: number[] }[]): BaseModelRef['layers'] {
  const root = ((topology.model_config as Json | undefined) ?? topology) as Json;
  const config = root.config as Json | Json[];
  const layers = ((Array.isArray(config) ? config : (config.layers as Json[])) ?? []).filter((l) => l.class_name !== 'InputLayer');
  return layers.map((l) => {
    const name = String((l.config as Json).name ?? l.name);
    const params = weights.filter((w) => w.name.startsWith(`${name}/`)).reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
    return { name, className: String(l.class_name), params };
  });
}

function readMetadata(dir: string): { file: string; info: Pick<BaseModelRef, 'normalization' | 'featureNames' | 'valueRange'> & { inputShape: number[] | null } } | null {
  for (const name of METADATA_FILES) {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      throw new AppError('invalid_input', `${file}: not JSON (${(err as Error).message})`);
    }
    const studio = name === 'hparam-studio.json' ? studioMetadata.safeParse(raw) : null;
    if (studio?.success) {
      const i = studio.data.input;
      return { file, info: { inputShape: i.shape ?? null, normalization: i.normalization ?? null, featureNames: i.featureNames ?? null, valueRange: i.valueRange ?? null } };
    }
    const plain = plainMetadata.safeParse(raw);
    if (!plain.success) throw new AppError('invalid_input', `${file}: not bundle metadata (${plain.error.issues[0]?.message})`);
    return { file, info: { inputShape: plain.data.inputShape ?? null, normalization: plain.data.normalization ?? null, featureNames: plain.data.featureNames ?? null, valueRange: null } };
  }
  return null;
}

/**
 * Reads a TensorFlow.js Layers model folder (model.json, the weight files its manifest names, and
 * hparam-studio.json or metadata.json when present): its input shape, layers and preprocessing. A graph
 * model, a missing weight file or a metadata file that contradicts the model is refused, naming the file.
 */
export function readModelFolder(dir: string): ModelFolderInfo {
  const file = path.join(dir, 'model.json');
  const modelJson = readModelJsonFile(dir) as Json & { weightsManifest?: { paths: string[]; weights: { name: string; shape: number[] }[] }[] };
  if (modelJson.format === 'graph-model') {
    throw new AppError('invalid_input', `${file}: a graph model (tfjs-converter's frozen graph) cannot be fine-tuned; use a Layers model (tf.LayersModel.save, or tensorflowjs_converter --output_format tfjs_layers_model)`);
  }
  const topology = modelJson.modelTopology as Json | undefined;
  if (!topology || typeof topology !== 'object') throw new AppError('invalid_input', `${file}: no modelTopology; not a TensorFlow.js Layers model`);
  const manifest = modelJson.weightsManifest ?? [];
  const weightFiles = manifest.flatMap((g) => g.paths);
  for (const w of weightFiles) {
    if (path.isAbsolute(w) || w.split(/[\\/]/).includes('..')) throw new AppError('invalid_input', `${file}: weight file ${JSON.stringify(w)} lies outside the model's folder`);
    if (!fs.existsSync(path.join(dir, w))) throw new AppError('not_found', `${file}: names weight file ${w}, which is not in ${dir}`);
  }
  const inputShape = inputShapeOf(topology, file);
  const meta = readMetadata(dir);
  if (meta?.info.inputShape && meta.info.inputShape.join() !== inputShape.join()) {
    throw new AppError('invalid_input', `${meta.file}: says input shape [${meta.info.inputShape.join(', ')}], the model takes [${inputShape.join(', ')}]`);
  }
  return {
    inputShape,
    normalization: meta?.info.normalization ?? null,
    featureNames: meta?.info.featureNames ?? null,
    valueRange: meta?.info.valueRange ?? null,
    layers: layersOf(topology, manifest.flatMap((g) => g.weights)),
    files: ['model.json', ...weightFiles, ...(meta ? [path.basename(meta.file)] : [])],
  };
}
