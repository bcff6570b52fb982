import * as tfl from '@tensorflow/tfjs-layers';
import type { TransferHparams } from '../../shared/domain/hparams';
import type { TrainingPhase } from '../../shared/schedules/phases';
import { AppError } from '../../shared/result';
import type { ModelSpec } from './build-mlp';
import { inlineActivation, kernelInitializer, kernelRegularizer, LayerNamer, postLayers } from './layer-options';
import { outputLayer } from './output-head';

/** A base model with a new head, and which of its layers came from the base. */
export interface TransferModel {
  model: tfl.LayersModel;
  /** The base's layers kept in the model, from the input on (input layer excluded). */
  baseLayers: tfl.layers.Layer[];
}

/** Layers as drop_top_layers and freeze_layers count them: every layer but the input. */
export const countedLayers = (model: tfl.LayersModel): tfl.layers.Layer[] => model.layers.filter((l) => l.getClassName() !== 'InputLayer');

/** A prefix no base layer name starts with (a base that is itself a transfer model has `head_` layers). */
function headPrefix(base: tfl.LayersModel): string {
  for (let i = 1; ; i++) {
    const prefix = i === 1 ? 'head_' : `head${i}_`;
    if (!base.layers.some((l) => l.name.startsWith(prefix))) return prefix;
  }
}

/**
 * The base model cut below its top `drop_top_layers` layers, then the new head: [Flatten if the cut
 * leaves a feature map] → [Dense(head_units) + LeakyReLU/BatchNorm/Dropout as the common options say] →
 * output layer for the task. Built as a functional model over the base's own input, so any Layers
 * model works as a base, Sequential or not. The same config and base give the same initial head.
 */
export function buildTransfer(spec: ModelSpec<TransferHparams> & { baseName: string }, base: tfl.LayersModel, outputUnits: number): TransferModel {
  const h = spec.hparams;
  const layers = countedLayers(base);
  const keep = layers.length - h.drop_top_layers;
  if (keep < 1) {
    throw new AppError('invalid_input', `hyperparameter drop_top_layers: ${h.drop_top_layers} would cut every layer of base model ${spec.baseName} (it has ${layers.length})`);
  }
  if (h.freeze_layers > keep) {
    throw new AppError('invalid_input', `hyperparameter freeze_layers: ${h.freeze_layers}, but base model ${spec.baseName} keeps ${keep} layer(s) after drop_top_layers ${h.drop_top_layers}`);
  }
  const baseLayers = layers.slice(0, keep);
  const names = new LayerNamer(headPrefix(base));
  let x = baseLayers[keep - 1]!.output as tfl.SymbolicTensor;
  if (x.shape.length > 2) x = tfl.layers.flatten({ name: names.next('flatten') }).apply(x) as tfl.SymbolicTensor;
  if (h.head_units > 0) {
    const dense = tfl.layers.dense({
      units: h.head_units,
      activation: inlineActivation(h.activation),
      kernelInitializer: kernelInitializer(h.initializer, spec.seed, 0),
      kernelRegularizer: kernelRegularizer(h),
      name: names.next('dense'),
    });
    x = dense.apply(x) as tfl.SymbolicTensor;
    for (const layer of postLayers(h, names)) x = layer.apply(x) as tfl.SymbolicTensor;
  }
  x = outputLayer(spec.task, outputUnits, h, spec.seed, 1, names.next('output')).apply(x) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: base.inputs, outputs: x, name: 'transfer' });
  return { model, baseLayers };
}

/**
 * Freezes and unfreezes for a phase: the head phase trains the head alone (every base layer frozen);
 * fine-tuning trains everything but the first `freeze_layers` base layers; 'train' leaves all trainable.
 */
export function applyPhase(baseLayers: readonly tfl.layers.Layer[], phase: TrainingPhase, freezeLayers: number): void {
  baseLayers.forEach((layer, i) => {
    layer.trainable = phase === 'train' || (phase === 'finetune' && i >= freezeLayers);
  });
}
