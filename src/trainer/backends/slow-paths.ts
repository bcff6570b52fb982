import type { BackendName } from '../../shared/domain/run';
import type { TrialConfig } from '../../shared/domain/hparams';

/**
 * Options that make a model train markedly slower on wasm than the same model without them, beyond
 * what their extra arithmetic explains (measured: `bench/training-speed.ts --variants`, ratio to the
 * reference model). The run records them (ready message's fallbacks, and a warning in the log), so
 * nobody mistakes the slowdown for a fault or blames the option's own cost on the hyperparameter.
 * Options whose slowdown is their arithmetic (kernel_size 5, pooling 'none') are no slow path.
 */
export function slowPathsFor(config: TrialConfig, backend: BackendName = 'wasm'): string[] {
  if (backend !== 'wasm') return [];
  const paths: string[] = [];
  if (config.template === 'cnn' && config.hparams.batch_norm) {
    paths.push(
      'BatchNormalization after Conv2D: tfjs 4.22 has no fused batch-norm gradient, so on wasm each batch-norm layer runs about 20 separate per-pixel kernels (moments, elementwise products, per-channel sums) per step; a CNN with batch_norm trains at about 0.45× the speed of the same CNN without it',
    );
  }
  return paths;
}
