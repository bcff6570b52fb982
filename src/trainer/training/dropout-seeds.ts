import type * as tfl from '@tensorflow/tfjs-layers';
import { mixSeed } from '../random';

/**
 * tfjs Dropout draws its mask from Math.random unless the layer has a seed, and with a fixed seed it
 * draws the same mask every step. Setting a seed derived from (trial seed, epoch, step, layer) before
 * each step gives fresh masks that are reproducible and identical after a resume. `seed` is a plain
 * field of the Dropout layer in tfjs-layers 4.22.
 */
export function seedDropout(model: tfl.LayersModel, seed: number, epoch: number, step: number): void {
  model.layers.forEach((layer, i) => {
    if (layer.getClassName() === 'Dropout') (layer as unknown as { seed?: number }).seed = mixSeed(seed, 0xd0, epoch, step, i);
  });
}

/** Clears the per-step seeds so a saved model.json does not carry the last step's seed. */
export function clearDropoutSeeds(model: tfl.LayersModel): void {
  for (const layer of model.layers) {
    if (layer.getClassName() === 'Dropout') (layer as unknown as { seed?: number }).seed = undefined;
  }
}
