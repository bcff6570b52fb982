/**
 * A tiny .npy writer for fixtures (numpy.lib.format): header padded so the data starts on a
 * 64-byte boundary, values encoded per dtype in the dtype's byte order.
 */
export interface NpyFixture {
  descr: string;
  shape: number[];
  values: ArrayLike<number>;
  fortranOrder?: boolean;
  version?: 1 | 2;
}

const WRITERS: Record<string, (v: DataView, at: number, x: number, le: boolean) => void> = {
  f4: (v, at, x, le) => v.setFloat32(at, x, le),
  f8: (v, at, x, le) => v.setFloat64(at, x, le),
  i1: (v, at, x) => v.setInt8(at, x),
  u1: (v, at, x) => v.setUint8(at, x),
  b1: (v, at, x) => v.setUint8(at, x ? 1 : 0),
  i2: (v, at, x, le) => v.setInt16(at, x, le),
  u2: (v, at, x, le) => v.setUint16(at, x, le),
  i4: (v, at, x, le) => v.setInt32(at, x, le),
  u4: (v, at, x, le) => v.setUint32(at, x, le),
  i8: (v, at, x, le) => v.setBigInt64(at, BigInt(x), le),
  u8: (v, at, x, le) => v.setBigUint64(at, BigInt(x), le),
};

export function npyBytes(f: NpyFixture): Buffer {
  const order = f.descr[0]!;
  const code = f.descr.slice(1);
  const size = Number(code.slice(1));
  const write = WRITERS[code];
  if (!write) throw new Error(`fixture writer: no dtype ${f.descr}`);
  const shape = f.shape.length === 1 ? `(${f.shape[0]},)` : `(${f.shape.join(', ')})`;
  let dict = `{'descr': '${f.descr}', 'fortran_order': ${f.fortranOrder ? 'True' : 'False'}, 'shape': ${shape}, }`;
  const version = f.version ?? 1;
  const prefix = version === 1 ? 10 : 12;
  dict += ' '.repeat(63 - ((prefix + dict.length) % 64)) + '\n';
  const head = Buffer.alloc(prefix);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]).copy(head);
  if (version === 1) head.writeUInt16LE(dict.length, 8);
  else head.writeUInt32LE(dict.length, 8);
  const data = Buffer.alloc(f.values.length * size);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let i = 0; i < f.values.length; i++) write(view, i * size, f.values[i]!, order !== '>');
  return Buffer.concat([head, Buffer.from(dict, 'latin1'), data]);
}
