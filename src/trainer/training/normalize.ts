import type { DatasetMeta } from '../../shared/domain/dataset';
import { AppError } from '../../shared/result';

/**
 * (x − mean) / std in place, with statistics per feature (tabular: mean.length = features) or per
 * channel (images: mean.length = channels, the last axis of row-major HWC data). Both cases are "the
 * statistic index is the flat index modulo mean.length". std 0 (a constant feature) divides by 1.
 * Done once on the host before upload, so no per-batch work remains on the backend.
 */
export function normalizeInPlace(x: Float32Array, normalization: DatasetMeta['normalization'], rowSize: number): Float32Array {
  const { mean, std } = normalization;
  const k = mean.length;
  if (k === 0) return x;
  if (std.length !== k || rowSize % k !== 0) {
    throw new AppError('invalid_input', `dataset normalization: ${k} means and ${std.length} stds do not fit rows of ${rowSize} values`);
  }
  const scale = Float32Array.from(std, (s) => (s === 0 || !Number.isFinite(s) ? 1 : 1 / s));
  const shift = Float32Array.from(mean);
  for (let i = 0; i < x.length; i++) {
    const f = i % k;
    x[i] = (x[i]! - shift[f]!) * scale[f]!;
  }
  return x;
}
