import * as tfl from '@tensorflow/tfjs-layers';
import type { MlpHparams } from '../../shared/domain/hparams';
import { mixSeed } from '../random';

type Initializer = ReturnType<typeof tfl.initializers.glorotUniform>;
type Regularizer = ReturnType<typeof tfl.regularizers.l1l2>;
type Activation = 'relu' | 'tanh' | 'sigmoid' | 'elu' | 'selu' | 'linear';

export type LayerParams = Pick<MlpHparams, 'activation' | 'initializer' | 'l1' | 'l2' | 'batch_norm' | 'dropout'>;

/**
 * Kernel initializer seeded per layer: the same trial seed gives the same weights, and two layers of
 * one model never share a random stream (`layerIndex` tells them apart).
 */
export function kernelInitializer(name: MlpHparams['initializer'], seed: number, layerIndex: number): Initializer {
  const args = { seed: mixSeed(seed, 0x1a7e, layerIndex) };
  switch (name) {
    case 'glorot_uniform':
      return tfl.initializers.glorotUniform(args);
    case 'glorot_normal':
      return tfl.initializers.glorotNormal(args);
    case 'he_uniform':
      return tfl.initializers.heUniform(args);
    case 'he_normal':
      return tfl.initializers.heNormal(args);
    case 'lecun_uniform':
      return tfl.initializers.leCunUniform(args);
    case 'lecun_normal':
      return tfl.initializers.leCunNormal(args);
  }
}

/** Weight penalty; undefined when both are 0 so no zero-valued loss terms are computed each step. */
export function kernelRegularizer(p: Pick<LayerParams, 'l1' | 'l2'>): Regularizer | undefined {
  if (p.l1 === 0 && p.l2 === 0) return undefined;
  return tfl.regularizers.l1l2({ l1: p.l1, l2: p.l2 });
}

/**
 * The activation a Dense/Conv2D layer takes itself. leaky_relu has no string form in tfjs-layers, so
 * those layers stay linear and get a LeakyReLU layer after them (see `activationLayerFor`).
 */
export const inlineActivation = (a: LayerParams['activation']): Activation => (a === 'leaky_relu' ? 'linear' : a);

/** Names layers `<kind>_<n>` so exported model.json files read well and stay stable across runs. */
export class LayerNamer {
  private readonly counts = new Map<string, number>();
  /** `prefix` keeps a new head's names apart from a base model's (`head_dense_1` beside `dense_1`). */
  constructor(private readonly prefix = '') {}
  next(kind: string): string {
    const n = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, n);
    return `${this.prefix}${kind}_${n}`;
  }
}

/**
 * What follows a weight layer: [LeakyReLU] [+ BatchNorm] [+ Dropout]. The Dropout seed is a placeholder:
 * the training step sets a fresh seed per step (see training/dropout-seeds.ts).
 */
export function postLayers(p: LayerParams, names: LayerNamer): tfl.layers.Layer[] {
  const out: tfl.layers.Layer[] = [];
  if (p.activation === 'leaky_relu') out.push(tfl.layers.leakyReLU({ name: names.next('leaky_relu') }));
  if (p.batch_norm) out.push(tfl.layers.batchNormalization({ name: names.next('batch_norm') }));
  if (p.dropout > 0) out.push(tfl.layers.dropout({ rate: p.dropout, name: names.next('dropout') }));
  return out;
}
