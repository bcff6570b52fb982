import { AppError } from '../../../../shared/result';
import type { DatasetFormat, FormatReader } from './types';

const pending: FormatReader = async (source) => {
  throw new AppError('unsupported', `${source}: reader not available yet`);
};

/** Format → reader. */
export function readerFor(format: DatasetFormat): FormatReader {
  const readers: Record<DatasetFormat, FormatReader> = {
    csv: pending,
    idx: pending,
    'image-folder': pending,
    'image-zip': pending,
    npy: pending,
    npz: pending,
  };
  return readers[format];
}
