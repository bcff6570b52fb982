import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * Sum of the weight penalties (L1/L2) of every layer, or null when the model has none. Read from the
 * layers: a Sequential's own `losses`/`calculateLosses()` stay empty until it is compiled, which this
 * trainer never does (custom loop), so relying on them would silently drop the penalty.
 */
export function regularizationPenalty(model: tfl.LayersModel): tf.Scalar | null {
  const terms = model.layers.flatMap((layer) => layer.losses.map((fn) => fn() as tf.Scalar));
  if (terms.length === 0) return null;
  return terms.reduce((a, b) => tf.add(a, b));
}
