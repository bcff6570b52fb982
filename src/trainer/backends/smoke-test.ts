import * as tf from '@tensorflow/tfjs-core';

/**
 * 40 × 40 = 1,600 values: above the 1,000 under which tfjs-backend-webgpu computes CPU-resident tensors
 * on the CPU (WEBGPU_CPU_FORWARD), so on webgpu this really runs shaders and reads a GPU buffer back.
 */
const N = 40;

/**
 * A backend that registers fine can still compute garbage or throw on first use (a libtensorflow
 * built for other CPU instructions, a wasm binary that failed to compile, a GPU adapter that creates
 * buffers but runs nothing). One matMul + reduction exercises allocation, a kernel and a readback, one
 * gradient the registry; throws with the reason when an answer is wrong.
 */
export async function smokeTest(): Promise<void> {
  // ones(N×N) · ones(N×N) is N everywhere; its sum N³ = 64,000 is exact in float32.
  const result = tf.tidy(() => tf.sum(tf.matMul(tf.ones([N, N]), tf.ones([N, N]))));
  try {
    const [value] = await result.data();
    if (value !== N ** 3) throw new Error(`smoke test computed ${String(value)} instead of ${N ** 3}`);
  } finally {
    result.dispose();
  }
  // Training needs gradients as well as kernels: d/dx sum(x²) at x = 3 is 6, summed over N² values.
  const gradient = tf.tidy(() => tf.sum(tf.grad((x: tf.Tensor) => tf.sum(tf.square(x)))(tf.fill([N, N], 3))));
  try {
    const [slope] = await gradient.data();
    if (slope !== 6 * N * N) throw new Error(`smoke test gradient computed ${String(slope)} instead of ${6 * N * N}`);
  } finally {
    gradient.dispose();
  }
}
