import * as tf from '@tensorflow/tfjs-core';

/**
 * A backend that registers fine can still compute garbage or throw on first use (a libtensorflow
 * built for other CPU instructions, a wasm binary that failed to compile). One tiny matMul + reduction
 * exercises allocation, a kernel and a readback, one gradient the registry; throws with the reason
 * when an answer is wrong.
 */
export async function smokeTest(): Promise<void> {
  const result = tf.tidy(() => tf.sum(tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2]))));
  try {
    const [value] = await result.data();
    // [[19, 22], [43, 50]] sums to 134.
    if (value !== 134) throw new Error(`smoke test computed ${String(value)} instead of 134`);
  } finally {
    result.dispose();
  }
  // Training needs gradients as well as kernels: d/dx sum(x²) at x = 3 is 6.
  const gradient = tf.grad((x: tf.Tensor) => tf.sum(tf.square(x)))(tf.scalar(3));
  try {
    const [slope] = await gradient.data();
    if (slope !== 6) throw new Error(`smoke test gradient computed ${String(slope)} instead of 6`);
  } finally {
    gradient.dispose();
  }
}
