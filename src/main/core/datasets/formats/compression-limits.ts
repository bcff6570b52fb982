import { AppError } from '../../../../shared/result';

/**
 * One set of limits for every compressed input (zip of images, .npz, gzipped IDX), checked against
 * the sizes the container declares before anything is inflated: a 277 KB .npz that inflates to
 * 256 MiB is refused in a millisecond instead of taking a minute and a gigabyte first.
 */

/** Bytes one import may inflate to in all: more than a trial can hold in memory anyway. */
export const MAX_INFLATED_BYTES = 4 * 1024 ** 3;
/**
 * Inflated ÷ stored above this is a decompression bomb, not data (real datasets compress a few times,
 * MNIST's gzip 5:1; a bomb of zeros 1000:1). Small inflated sizes are exempt: they are harmless.
 */
export const MAX_RATIO = 100;
export const RATIO_EXEMPT_BYTES = 16 * 1024 ** 2;

const size = (n: number) => (n >= 1024 ** 2 ? `${(n / 1024 ** 2).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`);

/** Throws unless `inflated` bytes from `stored` compressed ones are within the limits; `label` names the file or entry. */
export function checkInflation(label: string, stored: number, inflated: number): void {
  if (inflated > MAX_INFLATED_BYTES) {
    throw new AppError('invalid_input', `${label}: would inflate to ${size(inflated)}, over the ${size(MAX_INFLATED_BYTES)} limit for compressed input; refused before inflating`);
  }
  const ratio = inflated / Math.max(1, stored);
  if (inflated > RATIO_EXEMPT_BYTES && ratio > MAX_RATIO) {
    throw new AppError(
      'invalid_input',
      `${label}: ${size(stored)} that would inflate to ${size(inflated)} (${Math.round(ratio)}:1, over the ${MAX_RATIO}:1 limit for compressed input): a decompression bomb, not data; refused before inflating`,
    );
  }
}

/** The same limits over a whole archive: each entry's ratio, and the sum of what all entries inflate to. */
export function checkArchiveInflation(archive: string, entries: readonly { name: string; stored: number; inflated: number }[]): void {
  let total = 0;
  for (const e of entries) {
    checkInflation(`${archive}: entry ${e.name}`, e.stored, e.inflated);
    total += e.inflated;
  }
  if (total > MAX_INFLATED_BYTES) {
    throw new AppError('invalid_input', `${archive}: its entries would inflate to ${size(total)} together, over the ${size(MAX_INFLATED_BYTES)} limit for compressed input; refused before inflating`);
  }
}
