import * as tfl from '@tensorflow/tfjs-layers';
import type { MlpHparams, Task } from '../../shared/domain/hparams';
import { inlineActivation, kernelInitializer, kernelRegularizer, LayerNamer, postLayers } from './layer-options';
import { outputLayer } from './output-head';

export interface ModelSpec<H> {
  hparams: H;
  task: Task;
  seed: number;
}

/**
 * hidden_layers × [Dense(units, activation) [+LeakyReLU] [+BatchNorm] [+Dropout]] → output head.
 * Image-shaped input is flattened first, so an MLP also runs on image datasets.
 */
export function buildMlp(spec: ModelSpec<MlpHparams>, inputShape: number[], outputUnits: number): tfl.Sequential {
  const h = spec.hparams;
  const names = new LayerNamer();
  const model = tfl.sequential({ name: 'mlp' });
  model.add(tfl.layers.inputLayer({ inputShape, name: 'input' }));
  if (inputShape.length > 1) model.add(tfl.layers.flatten({ name: names.next('flatten') }));
  for (let i = 0; i < h.hidden_layers; i++) {
    model.add(
      tfl.layers.dense({
        units: h.units,
        activation: inlineActivation(h.activation),
        kernelInitializer: kernelInitializer(h.initializer, spec.seed, i),
        kernelRegularizer: kernelRegularizer(h),
        name: names.next('dense'),
      }),
    );
    for (const layer of postLayers(h, names)) model.add(layer);
  }
  model.add(outputLayer(spec.task, outputUnits, h, spec.seed, h.hidden_layers));
  return model;
}
