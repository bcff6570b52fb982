import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../shared/result';
import { checkReadablePath } from '../../fs/user-path';
import type { DatasetFormat } from './types';

const IMAGE_EXT = /\.(png|jpe?g)$/i;
const IDX_NAME = /idx[13]-ubyte(\.gz)?$|\.idx[13](-ubyte)?(\.gz)?$/i;

function readHead(file: string, bytes = 4096): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

const isGzip = (b: Buffer) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
const isZip = (b: Buffer) => b.length >= 4 && b.readUInt32LE(0) === 0x04034b50;
/** An archive with no entries is only its end-of-central-directory record, "PK\5\6". */
const isEmptyZip = (b: Buffer) => b.length >= 4 && b.readUInt32LE(0) === 0x06054b50;
const isNpy = (b: Buffer) => b.length >= 6 && b[0] === 0x93 && b.subarray(1, 6).toString('latin1') === 'NUMPY';
const isIdx = (b: Buffer) => b.length >= 4 && b[0] === 0 && b[1] === 0 && (b[2] === 0x08 || b[2] === 0x09 || b[2] === 0x0b || b[2] === 0x0c || b[2] === 0x0d || b[2] === 0x0e) && b[3]! >= 1 && b[3]! <= 4;

/** Text that is not a table: NUL bytes mean binary, which no text reader should be handed. */
function looksBinary(b: Buffer): boolean {
  return b.includes(0);
}

/**
 * Decides how to read a dropped file or folder from its content (magic bytes, folder layout), using
 * the name only to break ties — a user's `data.txt` that is really a CSV imports as CSV.
 */
export function detectFormat(source: string): DatasetFormat {
  // Refuses FIFOs, devices and /proc before anything opens them (opening a FIFO waits for a writer).
  checkReadablePath(source, '', { folders: true });
  const stat = fs.statSync(source);
  if (stat.isDirectory()) return detectDirectory(source);
  if (stat.size === 0) throw new AppError('invalid_input', `${source}: file is empty (0 bytes)`);
  const head = readHead(source);
  if (isNpy(head)) return 'npy';
  if (isEmptyZip(head)) throw new AppError('invalid_input', `${source}: an empty zip archive: it holds no files`);
  if (isZip(head)) return zipHoldsNpy(source) ? 'npz' : 'image-zip';
  if (/\.npz$/i.test(source)) {
    throw new AppError('invalid_input', `${source}: not an .npz archive: an .npz is a zip file (it starts with the bytes PK\\3\\4), this one ${looksBinary(head) ? 'starts with other binary content' : 'holds text'}`);
  }
  if (/\.npy$/i.test(source)) throw new AppError('invalid_input', `${source}: not a .npy file (no \\x93NUMPY magic at its start)`);
  if (isGzip(head) || isIdx(head)) {
    if (isIdx(head) || IDX_NAME.test(source)) return 'idx';
    throw new AppError('unsupported', `${source}: gzip-compressed file that is not an IDX (MNIST) file; decompress it first`);
  }
  if (looksBinary(head)) {
    throw new AppError('unsupported', `${source}: unsupported format (binary content; supported: CSV/TSV, IDX, NumPy .npy/.npz, image folders or .zip of them)`);
  }
  return 'csv';
}

function zipHoldsNpy(file: string): boolean {
  if (/\.npz$/i.test(file)) return true;
  // A zip's central directory lists names in plain bytes; '.npy' among them means an npz saved under another name.
  const size = fs.statSync(file).size;
  const tail = Math.min(size, 1 << 16);
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(tail);
    fs.readSync(fd, buf, 0, tail, size - tail);
    return buf.includes('.npy') && !/\.(png|jpe?g)/i.test(buf.toString('latin1'));
  } finally {
    fs.closeSync(fd);
  }
}

function detectDirectory(dir: string): DatasetFormat {
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  if (entries.some((e) => e.isFile() && IDX_NAME.test(e.name))) return 'idx';
  if (entries.some((e) => e.isFile() && /\.npy$/i.test(e.name))) return 'npy';
  const npz = entries.filter((e) => e.isFile() && /\.npz$/i.test(e.name));
  if (npz.length === 1) return 'npz';
  const subdirs = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.'));
  const hasImages = (d: string): boolean =>
    fs.readdirSync(d, { withFileTypes: true }).some((e) => (e.isFile() && IMAGE_EXT.test(e.name)) || (e.isDirectory() && hasImages(path.join(d, e.name))));
  if (subdirs.length > 0 && subdirs.some((d) => hasImages(path.join(dir, d.name)))) return 'image-folder';
  const tables = entries.filter((e) => e.isFile() && /\.(csv|tsv|txt)$/i.test(e.name));
  if (tables.length === 1) return 'csv';
  throw new AppError(
    'unsupported',
    `${dir}: no dataset recognized in this folder (expected IDX files, .npy/.npz arrays, one sub-folder of PNG/JPEG images per class, or a single CSV)`,
  );
}
