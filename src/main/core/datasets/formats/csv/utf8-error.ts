import fs from 'node:fs';
import type { AppError } from '../../../../../shared/result';
import { csvError } from './csv-error';

/**
 * The error for a chunk that failed strict UTF-8 decoding, naming the byte offset and line of the
 * first bad byte. Only runs once decoding has failed, so it may re-decode and re-read freely.
 * `previousTail` holds the last bytes of the chunk before (a character may straddle the two).
 */
export async function invalidUtf8Error(file: string, chunkStart: number, previousTail: Uint8Array, chunk: Uint8Array): Promise<AppError> {
  if (chunkStart === 0 && chunk.length >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))) {
    return csvError(file, 'the text is UTF-16, not UTF-8: save it as UTF-8', 1);
  }
  let skip = 0;
  while (skip < previousTail.length && (previousTail[skip]! & 0xc0) === 0x80) skip++; // continuation bytes: start on a character
  const bytes = new Uint8Array(previousTail.length - skip + chunk.length);
  bytes.set(previousTail.subarray(skip), 0);
  bytes.set(chunk, previousTail.length - skip);
  const badEnd = shortestFailingPrefix(bytes);
  const offset = chunkStart - (previousTail.length - skip) + badEnd - 1;
  const line = await lineAtByte(file, offset);
  return csvError(file, `not UTF-8 text (invalid byte 0x${(bytes[badEnd - 1] ?? 0).toString(16).padStart(2, '0')} at byte offset ${offset}): save the file as UTF-8`, line);
}

/** Length of the shortest prefix that strict streaming decoding rejects (incomplete trailing characters pass). */
function shortestFailingPrefix(bytes: Uint8Array): number {
  const fails = (length: number): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  if (!fails(bytes.length)) return bytes.length; // only the end-of-file flush failed: a truncated last character
  let low = 1;
  let high = bytes.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (fails(mid)) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** 1-based line holding byte `offset`. */
async function lineAtByte(file: string, offset: number): Promise<number> {
  let line = 1;
  if (offset === 0) return line;
  for await (const chunk of fs.createReadStream(file, { end: offset - 1 }) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) line++;
  }
  return line;
}
