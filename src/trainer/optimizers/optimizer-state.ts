import * as tf from '@tensorflow/tfjs-core';

/**
 * Saving and restoring an optimizer's slots (moments, accumulators, iteration count) for checkpoints.
 * tfjs' getWeights()/setWeights() do this for every optimizer but Adamax, which throws; its fields are
 * read and written directly here (tfjs-core 4.22 layout, pinned in package.json).
 *
 * Slots are matched to model variables by position, not name, so a checkpoint restores into a model
 * rebuilt in another process whose auto-generated variable names differ.
 */
interface AdamaxInternals {
  iterations_: number;
  iteration: tf.Variable;
  accBeta1: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedWeightedInfNorm: { originalName: string; variable: tf.Variable }[];
}

/** Same shape as tfjs' NamedTensor, which tfjs-core does not export by name. */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

const isAdamax = (o: tf.Optimizer): boolean => o.getClassName() === 'Adamax';

/**
 * The optimizer's state as named tensors. The caller must dispose only `owned` (tensors created for the
 * snapshot); the others are the optimizer's live variables.
 */
export async function getOptimizerState(optimizer: tf.Optimizer): Promise<{ tensors: NamedTensor[]; owned: tf.Tensor[] }> {
  if (!isAdamax(optimizer)) {
    const tensors = await optimizer.getWeights();
    // getWeights() creates the 'iter' scalar afresh; the rest are the optimizer's variables.
    return { tensors, owned: tensors.filter((t) => t.name === 'iter').map((t) => t.tensor) };
  }
  const a = optimizer as unknown as AdamaxInternals;
  const iter = tf.scalar(a.iterations_ ?? 0, 'int32');
  return {
    tensors: [
      { name: 'iter', tensor: iter },
      { name: 'adamax/iteration', tensor: a.iteration },
      { name: 'adamax/acc_beta1', tensor: a.accBeta1 },
      ...a.accumulatedFirstMoment.map((v) => ({ name: v.originalName, tensor: v.variable })),
      ...a.accumulatedWeightedInfNorm.map((v) => ({ name: v.originalName, tensor: v.variable })),
    ],
    owned: [iter],
  };
}

/** Restores state saved by getOptimizerState into a freshly built optimizer of the same kind. */
export async function setOptimizerState(optimizer: tf.Optimizer, tensors: NamedTensor[]): Promise<void> {
  if (!isAdamax(optimizer)) {
    await optimizer.setWeights(tensors);
    return;
  }
  const a = optimizer as unknown as AdamaxInternals;
  const [iter, iteration, accBeta1, ...slots] = tensors;
  if (!iter || !iteration || !accBeta1 || slots.length % 2 !== 0) throw new Error('adamax optimizer state: unexpected layout');
  a.iterations_ = (await iter.tensor.data())[0] ?? 0;
  a.iteration.assign(iteration.tensor);
  a.accBeta1.assign(accBeta1.tensor);
  const half = slots.length / 2;
  const toSlot = (t: NamedTensor) => ({ originalName: t.name, variable: t.tensor.variable(false) });
  a.accumulatedFirstMoment = slots.slice(0, half).map(toSlot);
  a.accumulatedWeightedInfNorm = slots.slice(half).map(toSlot);
}
