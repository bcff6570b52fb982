import * as tfl from '@tensorflow/tfjs-layers';
import type { CnnHparams } from '../../shared/domain/hparams';
import { AppError } from '../../shared/result';
import type { ModelSpec } from './build-mlp';
import { inlineActivation, kernelInitializer, kernelRegularizer, LayerNamer, postLayers } from './layer-options';
import { outputLayer } from './output-head';

/** Spatial size after a convolution (Keras rules for 'same' and 'valid'). */
export function convOutputSize(size: number, kernel: number, stride: number, padding: CnnHparams['padding']): number {
  return padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - kernel) / stride) + 1;
}

/**
 * conv_blocks × [Conv2D(filters·growth^i) [+LeakyReLU] [+BatchNorm] [+Pool] [+Dropout]] → Flatten →
 * Dense(dense_units) if > 0 → output head. A pooling layer that would shrink the feature map below 1×1
 * is left out (small images with many blocks); a 'valid' convolution that would do so is an error.
 */
export function buildCnn(spec: ModelSpec<CnnHparams>, inputShape: number[], outputUnits: number): tfl.Sequential {
  const h = spec.hparams;
  if (inputShape.length !== 3) {
    throw new AppError('invalid_input', `template cnn: needs image data shaped [height, width, channels], dataset has shape [${inputShape.join(', ')}]`);
  }
  const names = new LayerNamer();
  const model = tfl.sequential({ name: 'cnn' });
  model.add(tfl.layers.inputLayer({ inputShape, name: 'input' }));
  let height = inputShape[0]!;
  let width = inputShape[1]!;
  for (let i = 0; i < h.conv_blocks; i++) {
    height = convOutputSize(height, h.kernel_size, h.stride, h.padding);
    width = convOutputSize(width, h.kernel_size, h.stride, h.padding);
    if (height < 1 || width < 1) {
      throw new AppError('invalid_input', `hyperparameter kernel_size: ${h.kernel_size} with padding 'valid' shrinks block ${i + 1}'s feature map below 1×1 for ${inputShape[0]}×${inputShape[1]} images`);
    }
    model.add(
      tfl.layers.conv2d({
        filters: Math.max(1, Math.round(h.filters * h.filters_growth ** i)),
        kernelSize: h.kernel_size,
        strides: h.stride,
        padding: h.padding,
        activation: inlineActivation(h.activation),
        kernelInitializer: kernelInitializer(h.initializer, spec.seed, i),
        kernelRegularizer: kernelRegularizer(h),
        name: names.next('conv'),
      }),
    );
    // Dropout comes after pooling in a conv block, so it is added below.
    for (const layer of postLayers({ ...h, dropout: 0 }, names)) model.add(layer);
    if (h.pooling !== 'none' && h.pool_size > 1 && height >= h.pool_size && width >= h.pool_size) {
      const args = { poolSize: h.pool_size, strides: h.pool_size, padding: 'valid' as const };
      model.add(h.pooling === 'max' ? tfl.layers.maxPooling2d({ ...args, name: names.next('max_pool') }) : tfl.layers.averagePooling2d({ ...args, name: names.next('avg_pool') }));
      height = Math.floor(height / h.pool_size);
      width = Math.floor(width / h.pool_size);
    }
    if (h.dropout > 0) model.add(tfl.layers.dropout({ rate: h.dropout, name: names.next('dropout') }));
  }
  model.add(tfl.layers.flatten({ name: 'flatten' }));
  if (h.dense_units > 0) {
    model.add(
      tfl.layers.dense({
        units: h.dense_units,
        activation: inlineActivation(h.activation),
        kernelInitializer: kernelInitializer(h.initializer, spec.seed, h.conv_blocks),
        kernelRegularizer: kernelRegularizer(h),
        name: names.next('dense'),
      }),
    );
    for (const layer of postLayers(h, names)) model.add(layer);
  }
  model.add(outputLayer(spec.task, outputUnits, h, spec.seed, h.conv_blocks + 1));
  return model;
}
