import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../../shared/result';
import { openZip, type ZipArchive } from '../images/zip-archive';

/** One array to decode: a .npy file on disk or a .npy entry of an .npz archive. */
export interface NpyArraySource {
  /** Names the array in messages: the file path, or `archive.npz:entry.npy`. */
  label: string;
  /** Bytes to read, for progress. */
  bytes: number;
  chunks(): AsyncIterable<Uint8Array>;
}

export interface NpyCollection {
  format: 'npy' | 'npz';
  /** Where the arrays were found, for messages. */
  where: string;
  arrays: Map<string, NpyArraySource>;
  close(): void;
}

const CHUNK_BYTES = 4 << 20;

function isZip(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(4);
    const n = fs.readSync(fd, head, 0, 4, 0);
    // PK\3\4 starts a zip with entries, PK\5\6 an empty one (still an npz, just a useless one).
    return n === 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5);
  } finally {
    fs.closeSync(fd);
  }
}

function fromDirectory(dir: string): NpyCollection {
  const arrays = new Map<string, NpyArraySource>();
  for (const name of fs.readdirSync(dir).sort()) {
    if (!name.toLowerCase().endsWith('.npy')) continue;
    const file = path.join(dir, name);
    const stat = fs.statSync(file);
    if (!stat.isFile()) continue; // a FIFO named x.npy would block the read forever
    const bytes = stat.size;
    arrays.set(name.slice(0, -4), { label: file, bytes, chunks: () => fs.createReadStream(file, { highWaterMark: CHUNK_BYTES }) });
  }
  return { format: 'npy', where: dir, arrays, close: () => {} };
}

async function fromNpz(file: string): Promise<NpyCollection> {
  const zip: ZipArchive = await openZip(file);
  const arrays = new Map<string, NpyArraySource>();
  for (const entry of zip.entries) {
    if (!entry.fileName.toLowerCase().endsWith('.npy')) continue;
    const label = `${file}:${entry.fileName}`;
    async function* chunks(): AsyncIterable<Uint8Array> {
      try {
        for await (const chunk of await zip.stream(entry)) yield chunk as Buffer;
      } catch (err) {
        if (err instanceof AppError) throw err;
        throw new AppError('invalid_input', `${label}: corrupt entry in the .npz archive (${(err as Error).message})`);
      }
    }
    arrays.set(entry.fileName.slice(0, -4), { label, bytes: entry.uncompressedSize, chunks });
  }
  return { format: 'npz', where: file, arrays, close: () => zip.close() };
}

/**
 * Finds the arrays of a NumPy source: a directory of .npy files (or a directory holding one .npz),
 * one of those .npy files (meaning its directory), or an .npz archive (detected from its content).
 */
export async function openNpyCollection(source: string): Promise<NpyCollection> {
  if (!fs.existsSync(source)) throw new AppError('not_found', `${source}: no such file or directory`);
  if (fs.statSync(source).isDirectory()) {
    const found = fromDirectory(source);
    if (found.arrays.size > 0) return found;
    const npz = fs.readdirSync(source).filter((n) => n.toLowerCase().endsWith('.npz'));
    if (npz.length === 1) return fromNpz(path.join(source, npz[0]!));
    throw new AppError('invalid_input', `${source}: no .npy files${npz.length > 1 ? ` and several .npz files (${npz.join(', ')}): point at one` : ' or .npz archive'}`);
  }
  if (fs.statSync(source).size === 0) throw new AppError('invalid_input', `${source}: empty file`);
  if (isZip(source)) return fromNpz(source);
  if (source.toLowerCase().endsWith('.npy')) return fromDirectory(path.dirname(source));
  throw new AppError('unsupported', `${source}: neither a .npy file nor an .npz archive`);
}
