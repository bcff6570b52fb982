import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { AppError } from '../../../../../shared/result';
import { checkInflation } from '../compression-limits';
import { idxHeaderLength, parseIdxHeader, type IdxHeader, type IdxKind } from './idx-header';

/** Large reads keep per-chunk overhead negligible next to the copy itself. */
const CHUNK_BYTES = 4 << 20;

export interface IdxReadOptions {
  kind: IdxKind;
  /** Raw bytes read from disk so far (compressed bytes for .gz), for progress. */
  onBytes: (n: number) => void;
  /** Called once the header is known, before the data array is allocated: may throw to stop early. */
  checkHeader?: (header: IdxHeader) => void;
}

export interface IdxData<T> {
  header: IdxHeader;
  data: T;
}

function isGzip(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const magic = Buffer.alloc(2);
    return fs.readSync(fd, magic, 0, 2, 0) === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    fs.closeSync(fd);
  }
}

function openChunks(file: string, gz: boolean, onBytes: (n: number) => void): Readable {
  const raw = fs.createReadStream(file, { highWaterMark: CHUNK_BYTES });
  raw.on('data', (chunk) => onBytes(chunk.length));
  if (!gz) return raw;
  const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
  raw.on('error', (err) => gunzip.destroy(err));
  return raw.pipe(gunzip);
}

/**
 * Streams one IDX file (plain or gzip, told apart by content) straight into its uint8 array, chunk
 * by chunk, so neither the compressed bytes nor a second copy of the decompressed ones is ever held
 * whole. Images and labels both come out as raw uint8 (pixels 0..255): the cache keeps them so.
 */
export async function readIdxFile(file: string, opts: IdxReadOptions): Promise<IdxData<Uint8Array>> {
  const gz = isGzip(file);
  const headerLength = idxHeaderLength(opts.kind);
  const fileSize = fs.statSync(file).size;
  let headerBuf = Buffer.alloc(0);
  let header: IdxHeader | undefined;
  let data: Uint8Array | undefined;
  let filled = 0;

  const take = (bytes: Uint8Array) => {
    const room = header!.dataBytes - filled;
    if (bytes.length > room) {
      throw new AppError('invalid_input', `${file}: more data than the header's ${header!.dims.join('×')} promises (corrupt or not an IDX file)`);
    }
    data!.set(bytes, filled);
    filled += bytes.length;
  };

  const stream = openChunks(file, gz, opts.onBytes);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (header) {
        take(chunk);
        continue;
      }
      headerBuf = Buffer.concat([headerBuf, chunk]);
      if (headerBuf.length < headerLength) continue;
      header = parseIdxHeader(headerBuf, opts.kind, file);
      // A plain file's size is known up front: refuse a truncated one before allocating its array.
      if (!gz && fileSize !== header.headerBytes + header.dataBytes) reportSizeMismatch(file, header, fileSize - header.headerBytes);
      // Only the header has been inflated so far. (gzip's trailer size is no help: it is modulo 4 GiB
      // and garbage in a truncated file.) What the header promises is what would be allocated and
      // inflated, and take() refuses a byte more.
      if (gz) checkInflation(file, fileSize, header.headerBytes + header.dataBytes);
      opts.checkHeader?.(header);
      data = new Uint8Array(header.dataBytes);
      take(headerBuf.subarray(headerLength));
    }
  } catch (err) {
    stream.destroy();
    if (err instanceof AppError) throw err;
    const reason = gz ? `truncated or corrupt gzip data (${(err as Error).message})` : (err as Error).message;
    throw new AppError('invalid_input', `${file}: ${reason}`);
  }
  if (!header) parseIdxHeader(headerBuf, opts.kind, file); // throws: too short for a header
  if (filled !== header!.dataBytes) reportSizeMismatch(file, header!, filled);
  return { header: header!, data: data! };
}

function reportSizeMismatch(file: string, header: IdxHeader, got: number): never {
  const what = header.kind === 'images' ? `${header.dims[0]} images of ${header.dims[1]}×${header.dims[2]}` : `${header.dims[0]} labels`;
  const problem = got < header.dataBytes ? 'truncated' : 'corrupt';
  throw new AppError('invalid_input', `${file}: ${problem}: the header promises ${what} (${header.dataBytes} bytes of data) but the file holds ${got}`);
}
