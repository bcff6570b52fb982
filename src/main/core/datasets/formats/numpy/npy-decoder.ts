import { AppError } from '../../../../../shared/result';
import { parseNpyHeader, type NpyDtype, type NpyHeader } from './npy-header';

export type NpyOutput = Float32Array | Float64Array;

/** Elements we agree to allocate (8 GB of float32): past that the shape is not to be believed. */
export const MAX_NPY_VALUES = 2 ** 31;

/**
 * Decodes a .npy byte stream chunk by chunk into a preallocated float array, so a large array is
 * never held twice (raw bytes plus converted values). Each chunk is converted with TypedArray.set
 * over a view of the source dtype, a native loop; only big-endian data and 64-bit integers (which
 * have no lossless `set` path) take a loop in JS.
 */
export class NpyDecoder<T extends NpyOutput> {
  private headerBytes: Uint8Array = new Uint8Array(0);
  private pending: Uint8Array = new Uint8Array(0);
  private header: NpyHeader | undefined;
  private out: T | undefined;
  private count = 0;
  private written = 0;
  private received = 0;

  /** `availableBytes`: what the file (or archive entry) holds, so a shape it cannot fill is refused before allocating. */
  constructor(
    private readonly file: string,
    private readonly allocate: (count: number) => T,
    private readonly availableBytes?: number,
  ) {}

  push(chunk: Uint8Array): void {
    this.received += chunk.length;
    if (this.header) return this.feed(chunk);
    this.headerBytes = concat(this.headerBytes, chunk);
    const header = parseNpyHeader(this.headerBytes, this.file);
    if (!header) return;
    if (header.fortranOrder) {
      throw new AppError('unsupported', `${this.file}: fortran_order arrays are not supported: save it with np.save(f, np.ascontiguousarray(a))`);
    }
    this.count = header.shape.reduce((a, b) => a * b, 1);
    if (this.count > MAX_NPY_VALUES) {
      throw new AppError('invalid_input', `${this.file}: absurd shape (${header.shape.join(', ')}): ${this.count} values is more than ${MAX_NPY_VALUES}`);
    }
    const needed = header.dataOffset + this.count * header.dtype.size;
    if (this.availableBytes !== undefined && needed > this.availableBytes) {
      throw new AppError(
        'invalid_input',
        `${this.file}: truncated: shape (${header.shape.join(', ')}) of ${header.dtype.descr} needs ${this.count * header.dtype.size} bytes of data, the file holds ${Math.max(0, this.availableBytes - header.dataOffset)}`,
      );
    }
    this.header = header;
    this.out = this.allocate(this.count);
    const rest = this.headerBytes.subarray(header.dataOffset);
    this.headerBytes = new Uint8Array(0);
    this.feed(rest);
  }

  finish(): { header: NpyHeader; data: T } {
    if (!this.header) {
      const what = this.received === 0 ? 'empty file' : 'truncated: the file ends inside the .npy header';
      throw new AppError('invalid_input', `${this.file}: ${what}`);
    }
    const size = this.header.dtype.size;
    if (this.written < this.count || this.pending.length > 0) {
      throw new AppError(
        'invalid_input',
        `${this.file}: truncated: shape (${this.header.shape.join(', ')}) of ${this.header.dtype.descr} needs ${this.count * size} bytes of data, the file holds ${this.written * size + this.pending.length}`,
      );
    }
    return { header: this.header, data: this.out! };
  }

  private feed(bytes: Uint8Array): void {
    const size = this.header!.dtype.size;
    if (this.pending.length > 0) {
      bytes = concat(this.pending, bytes);
      this.pending = new Uint8Array(0);
    }
    const whole = bytes.length - (bytes.length % size);
    if (whole < bytes.length) this.pending = bytes.slice(whole);
    if (whole === 0) return;
    const n = whole / size;
    if (this.written + n > this.count) {
      throw new AppError('invalid_input', `${this.file}: more data than its shape (${this.header!.shape.join(', ')}) holds (corrupt file)`);
    }
    convertInto(this.out!, this.written, bytes.subarray(0, whole), this.header!.dtype);
    this.written += n;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function swapBytes(bytes: Uint8Array, size: number): void {
  for (let i = 0; i < bytes.length; i += size) {
    for (let lo = i, hi = i + size - 1; lo < hi; lo++, hi--) {
      const t = bytes[lo]!;
      bytes[lo] = bytes[hi]!;
      bytes[hi] = t;
    }
  }
}

/** Converts whole elements of `dtype` in `bytes` into `out` starting at element `at`. */
export function convertInto(out: NpyOutput, at: number, bytes: Uint8Array, dtype: NpyDtype): void {
  const { size, kind } = dtype;
  const n = bytes.length / size;
  const swap = !dtype.littleEndian && size > 1;
  // Typed views need an offset aligned to the element size; big-endian data is swapped in a copy.
  if (swap || bytes.byteOffset % size !== 0) bytes = bytes.slice();
  if (swap) swapBytes(bytes, size);
  const { buffer, byteOffset } = bytes;
  switch (`${kind}${size}`) {
    case 'f4': return out.set(new Float32Array(buffer, byteOffset, n), at);
    case 'f8': return out.set(new Float64Array(buffer, byteOffset, n), at);
    case 'i1': return out.set(new Int8Array(buffer, byteOffset, n), at);
    case 'u1':
    case 'b1': return out.set(new Uint8Array(buffer, byteOffset, n), at);
    case 'i2': return out.set(new Int16Array(buffer, byteOffset, n), at);
    case 'u2': return out.set(new Uint16Array(buffer, byteOffset, n), at);
    case 'i4': return out.set(new Int32Array(buffer, byteOffset, n), at);
    case 'u4': return out.set(new Uint32Array(buffer, byteOffset, n), at);
    case 'i8':
    case 'u8': {
      const lo = new Uint32Array(buffer, byteOffset, 2 * n);
      const hi = kind === 'i' ? new Int32Array(buffer, byteOffset, 2 * n) : lo;
      for (let i = 0; i < n; i++) out[at + i] = hi[2 * i + 1]! * 4294967296 + lo[2 * i]!;
      return;
    }
    default:
      throw new AppError('internal', `no conversion for dtype ${dtype.descr}`);
  }
}

const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Index of the first NaN, ±Infinity or value too large for float32 (where everything ends up), or
 * -1. Float32 data only needs the NaN/Infinity test: out-of-range values already became Infinity.
 */
export function firstNonFinite(values: NpyOutput): number {
  for (let i = 0; i < values.length; i++) {
    if (!(Math.abs(values[i]!) <= FLOAT32_MAX)) return i;
  }
  return -1;
}
