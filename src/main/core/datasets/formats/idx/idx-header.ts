import { AppError } from '../../../../../shared/result';

/**
 * IDX header (http://yann.lecun.com/exdb/mnist/): a big-endian magic 0x0000TTDD (TT = element type,
 * 0x08 = unsigned byte; DD = number of dimensions) followed by one big-endian uint32 per dimension.
 */
export type IdxKind = 'images' | 'labels';

const EXPECTED: Record<IdxKind, { magic: number; dims: number; what: string }> = {
  images: { magic: 0x00000803, dims: 3, what: 'unsigned-byte images with 3 dimensions' },
  labels: { magic: 0x00000801, dims: 1, what: 'unsigned-byte labels with 1 dimension' },
};

/** Largest image side accepted: MNIST-like sets are tiny; anything larger is a corrupt header. */
export const MAX_IDX_SIDE = 4096;
/** Pixel values we agree to allocate (2 GB as uint8, 8 GB once a trainer widens them to float32): beyond that the header is not to be believed. */
export const MAX_IDX_VALUES = 2 ** 31;

export interface IdxHeader {
  kind: IdxKind;
  /** [count, rows, cols] for images, [count] for labels. */
  dims: number[];
  headerBytes: number;
  /** Data bytes that must follow the header. */
  dataBytes: number;
}

const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

/** Header bytes needed before parseIdxHeader can succeed. */
export const idxHeaderLength = (kind: IdxKind) => 4 + 4 * EXPECTED[kind].dims;

export function parseIdxHeader(bytes: Uint8Array, kind: IdxKind, file: string): IdxHeader {
  const want = EXPECTED[kind];
  const headerBytes = idxHeaderLength(kind);
  const truncated = () => new AppError('invalid_input', `${file}: truncated: ${bytes.length} bytes, shorter than the ${headerBytes}-byte IDX ${kind} header`);
  if (bytes.length < 4) throw truncated();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (magic !== want.magic) {
    const other = kind === 'images' ? 'labels' : 'images';
    const hint = magic === EXPECTED[other].magic ? ` (this is an IDX ${other} file)` : '';
    throw new AppError('invalid_input', `${file}: wrong magic number ${hex(magic)}, expected ${hex(want.magic)} (IDX ${want.what})${hint}`);
  }
  if (bytes.length < headerBytes) throw truncated();
  const dims = Array.from({ length: want.dims }, (_, i) => view.getUint32(4 + 4 * i));
  const [count, rows = 1, cols = 1] = dims as [number, number?, number?];
  if (count === 0) throw new AppError('invalid_input', `${file}: the header says it holds no ${kind}`);
  if (kind === 'images') {
    if (rows === 0 || cols === 0 || rows > MAX_IDX_SIDE || cols > MAX_IDX_SIDE) {
      throw new AppError('invalid_input', `${file}: absurd image dimensions ${rows}×${cols} (each side must be 1..${MAX_IDX_SIDE})`);
    }
  }
  const values = count * rows * cols;
  if (values > MAX_IDX_VALUES) {
    throw new AppError('invalid_input', `${file}: absurd dimensions: ${count} × ${rows}×${cols} = ${values} values is more than ${MAX_IDX_VALUES}`);
  }
  return { kind, dims, headerBytes, dataBytes: values };
}
