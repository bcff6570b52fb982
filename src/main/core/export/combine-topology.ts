import { AppError } from '../../../shared/result';

/**
 * One TensorFlow.js Layers model from several: every member's layers (renamed `m<i>_<name>`) hang off
 * one shared input, and an Average layer takes each member's output as many times as its weight. Pure
 * JSON over the members' model.json files (Sequential or functional), so the app's own process builds
 * an ensemble bundle without loading tfjs; weights are not re-encoded, only their names change.
 */

type Json = Record<string, unknown>;
type InboundRef = [string, number, number, Json?];

export interface MemberModel {
  /** The member's model.json, parsed. */
  modelJson: Json;
  /** Times it counts in the average (≥ 1). */
  weight: number;
}

export interface CombinedModel {
  modelTopology: Json;
  /** One manifest group per member, its weights renamed; `paths` are the member's own files (the caller copies them). */
  weightsManifest: { paths: string[]; weights: Json[]; member: number }[];
}

export const SHARED_INPUT = 'ensemble_input';
export const AVERAGE_LAYER = 'ensemble_average';
export const memberPrefix = (i: number) => `m${i + 1}_`;

interface Topology {
  layers: { name: string; class_name: string; config: Json; inbound_nodes: InboundRef[][] }[];
  inputs: string[];
  outputs: [string, number, number][];
  batchInputShape: (number | null)[] | null;
}

const shapeOf = (config: Json): (number | null)[] | null => (config.batch_input_shape ?? config.batch_shape ?? null) as (number | null)[] | null;

/** A Sequential or functional topology as a functional layer list with explicit inbound nodes. */
function asFunctional(modelJson: Json, label: string): Topology {
  const top = (modelJson.modelTopology ?? modelJson) as Json;
  const root = ((top.model_config as Json | undefined) ?? top) as Json;
  const className = root.class_name as string;
  const config = root.config as Json | Json[];
  if (className === 'Sequential') {
    const list = (Array.isArray(config) ? config : (config.layers as Json[])) ?? [];
    const layers: Topology['layers'] = [];
    let prev = '__input__';
    let batchInputShape: Topology['batchInputShape'] = null;
    for (const raw of list) {
      const layerConfig = { ...(raw.config as Json) };
      if (raw.class_name === 'InputLayer') {
        batchInputShape = shapeOf(layerConfig);
        continue;
      }
      batchInputShape ??= shapeOf(layerConfig);
      delete layerConfig.batch_input_shape;
      delete layerConfig.batch_shape;
      delete layerConfig.input_shape;
      const name = layerConfig.name as string;
      layers.push({ name, class_name: raw.class_name as string, config: layerConfig, inbound_nodes: [[[prev, 0, 0, {}]]] });
      prev = name;
    }
    if (layers.length === 0) throw new AppError('invalid_input', `${label}: its model has no layers`);
    return { layers, inputs: ['__input__'], outputs: [[prev, 0, 0]], batchInputShape };
  }
  if (className === 'Model' || className === 'Functional') {
    const c = config as Json;
    const all = c.layers as Topology['layers'];
    const inputs = (c.input_layers as [string, number, number][]).map((r) => r[0]);
    if (inputs.length !== 1) throw new AppError('invalid_input', `${label}: a member must take one input, its model takes ${inputs.length}`);
    const inputLayer = all.find((l) => l.name === inputs[0]);
    return {
      layers: all.filter((l) => !inputs.includes(l.name)),
      inputs,
      outputs: c.output_layers as [string, number, number][],
      batchInputShape: inputLayer ? shapeOf(inputLayer.config) : null,
    };
  }
  throw new AppError('invalid_input', `${label}: model.json holds a ${className ?? 'topology of unknown kind'}, not a TensorFlow.js Layers model`);
}

export function combineModels(members: readonly MemberModel[], labels: readonly string[]): CombinedModel {
  if (members.length === 0) throw new AppError('invalid_input', 'an ensemble needs at least one member');
  const layers: Json[] = [];
  const outputs: InboundRef[] = [];
  const weightsManifest: CombinedModel['weightsManifest'] = [];
  let inputShape: (number | null)[] | null = null;
  members.forEach((member, i) => {
    const label = labels[i] ?? `member ${i + 1}`;
    const t = asFunctional(member.modelJson, label);
    if (t.outputs.length !== 1) throw new AppError('invalid_input', `${label}: a member must have one output, its model has ${t.outputs.length}`);
    if (inputShape && t.batchInputShape && JSON.stringify(inputShape.slice(1)) !== JSON.stringify(t.batchInputShape.slice(1))) {
      throw new AppError('invalid_input', `${label}: takes input [${t.batchInputShape.slice(1).join(', ')}], the other members take [${inputShape.slice(1).join(', ')}]`);
    }
    inputShape ??= t.batchInputShape;
    const prefix = memberPrefix(i);
    const rename = (name: string) => (t.inputs.includes(name) ? SHARED_INPUT : prefix + name);
    for (const l of t.layers) {
      layers.push({
        name: rename(l.name),
        class_name: l.class_name,
        config: { ...l.config, name: rename(l.name) },
        inbound_nodes: l.inbound_nodes.map((node) => node.map(([name, n, k, kw]) => [rename(name), n, k, kw ?? {}])),
      });
    }
    const [outName, n, k] = t.outputs[0]!;
    for (let w = 0; w < member.weight; w++) outputs.push([rename(outName), n, k, {}]);
    for (const group of (member.modelJson.weightsManifest ?? []) as { paths: string[]; weights: Json[] }[]) {
      weightsManifest.push({ paths: group.paths, weights: group.weights.map((w) => ({ ...w, name: prefix + (w.name as string) })), member: i });
    }
  });
  if (!inputShape) throw new AppError('invalid_input', `${labels[0] ?? 'member 1'}: its model.json does not say what input it takes`);
  const input = { name: SHARED_INPUT, class_name: 'InputLayer', config: { batch_input_shape: inputShape, dtype: 'float32', sparse: false, name: SHARED_INPUT }, inbound_nodes: [] };
  // One member counted once needs no average: its output is the ensemble's.
  const single = outputs.length === 1;
  if (!single) layers.push({ name: AVERAGE_LAYER, class_name: 'Average', config: { name: AVERAGE_LAYER, trainable: false }, inbound_nodes: [outputs] });
  const out: [string, number, number] = single ? [outputs[0]![0], outputs[0]![1], outputs[0]![2]] : [AVERAGE_LAYER, 0, 0];
  return {
    modelTopology: {
      class_name: 'Model',
      config: { name: 'ensemble', layers: [input, ...layers], input_layers: [[SHARED_INPUT, 0, 0]], output_layers: [out] },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightsManifest,
  };
}
