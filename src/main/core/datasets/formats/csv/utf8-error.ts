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
  const failingLength = shortestFailingPrefix(bytes);
  // Nothing fails while streaming: only the end-of-file flush did, on a truncated last character.
  const bad = failingLength === -1 ? sequenceStart(bytes, bytes.length) : sequenceStart(bytes, failingLength - 1);
  const offset = chunkStart - (previousTail.length - skip) + bad;
  const line = await lineAtByte(file, offset);
  return csvError(file, `not UTF-8 text (invalid byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, '0')} at byte offset ${offset}): save the file as UTF-8`, line);
}

/**
 * The decoder fails on the byte where a sequence goes wrong, which for a Latin-1 'é' (0xE9) is the
 * byte after it; point at the lead byte of the broken sequence instead, the one a person would fix.
 */
function sequenceStart(bytes: Uint8Array, failedAt: number): number {
  const failed = bytes[failedAt];
  if (failed !== undefined && failed >= 0x80 && failed < 0xc0) return failedAt; // a stray continuation byte is itself the culprit
  let start = failedAt - 1;
  while (start > failedAt - 4 && start >= 0 && (bytes[start]! & 0xc0) === 0x80) start--;
  return start >= 0 && bytes[start]! >= 0xc0 ? start : failedAt;
}

/** Length of the shortest prefix that strict streaming decoding rejects (incomplete trailing characters pass), or -1. */
function shortestFailingPrefix(bytes: Uint8Array): number {
  const fails = (length: number): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  if (!fails(bytes.length)) return -1;
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
