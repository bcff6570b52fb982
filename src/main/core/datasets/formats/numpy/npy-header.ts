import { AppError } from '../../../../../shared/result';

/**
 * The .npy header (numpy.lib.format): magic "\x93NUMPY", major and minor version bytes, the header
 * length (uint16 LE in version 1, uint32 LE in versions 2 and 3), then a Python dict literal such as
 * {'descr': '<f4', 'fortran_order': False, 'shape': (60000, 28, 28), }.
 */
export interface NpyDtype {
  descr: string;
  kind: 'f' | 'i' | 'u' | 'b';
  size: 1 | 2 | 4 | 8;
  littleEndian: boolean;
}

export interface NpyHeader {
  dtype: NpyDtype;
  shape: number[];
  fortranOrder: boolean;
  /** Offset of the first data byte. */
  dataOffset: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** numpy itself caps headers well below this; a larger one is not a real header. */
const MAX_HEADER_BYTES = 1 << 20;

const SUPPORTED: Record<string, 1 | 2 | 4 | 8> = { f4: 4, f8: 8, i1: 1, i2: 2, i4: 4, i8: 8, u1: 1, u2: 2, u4: 4, u8: 8, b1: 1 };

export function parseDtype(descr: string, file: string): NpyDtype {
  const m = /^([<>|=])([fiub])(\d+)$/.exec(descr);
  const size = m ? SUPPORTED[`${m[2]}${m[3]}`] : undefined;
  if (!m || !size) {
    throw new AppError('unsupported', `${file}: dtype '${descr}' is not supported (use float32/64, int8..64, uint8..64 or bool)`);
  }
  // '=' is native order, and every platform Node runs on here is little-endian.
  return { descr, kind: m[2] as NpyDtype['kind'], size, littleEndian: m[1] !== '>' };
}

/** The header if `bytes` holds all of it, `undefined` if more bytes are needed. */
export function parseNpyHeader(bytes: Uint8Array, file: string): NpyHeader | undefined {
  // The magic is checked on whatever has arrived, so a short non-.npy file is not called truncated.
  if (MAGIC.some((b, i) => i < bytes.length && bytes[i] !== b)) throw new AppError('invalid_input', `${file}: not a .npy file (no \\x93NUMPY magic)`);
  if (bytes.length < 10) return undefined;
  const major = bytes[6]!;
  if (major < 1 || major > 3) throw new AppError('unsupported', `${file}: .npy format version ${major}.${bytes[7]} is not supported`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const prefix = major === 1 ? 10 : 12;
  if (bytes.length < prefix) return undefined;
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (headerLength > MAX_HEADER_BYTES) throw new AppError('invalid_input', `${file}: .npy header of ${headerLength} bytes is corrupt`);
  if (bytes.length < prefix + headerLength) return undefined;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + prefix, headerLength).toString(major === 3 ? 'utf8' : 'latin1');

  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text);
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text);
  if (!descr) {
    const structured = /'descr'\s*:\s*\[/.test(text);
    throw new AppError(structured ? 'unsupported' : 'invalid_input', `${file}: ${structured ? 'structured (record) arrays are not supported' : `corrupt .npy header: ${text.trim()}`}`);
  }
  if (!fortran || !shape) throw new AppError('invalid_input', `${file}: corrupt .npy header: ${text.trim()}`);
  const dims = shape[1]!
    .split(',')
    .map((s) => s.trim().replace(/L$/, '')) // Python 2 wrote longs as 60000L
    .filter((s) => s.length > 0);
  if (dims.some((d) => !/^\d+$/.test(d))) throw new AppError('invalid_input', `${file}: corrupt shape (${shape[1]}) in the .npy header`);
  return { dtype: parseDtype(descr[1]!, file), shape: dims.map(Number), fortranOrder: fortran[1] === 'True', dataOffset: prefix + headerLength };
}
