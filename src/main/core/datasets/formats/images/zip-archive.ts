import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { AppError } from '../../../../../shared/result';
import { checkArchiveInflation } from '../compression-limits';

/**
 * A zip opened for random access (yauzl reads the central directory first), shared by the image-zip
 * and .npz readers. Random access lets a reader choose entries by name before decompressing any, and
 * stream one entry at a time so memory stays bounded; yauzl also reads zip64 archives, which
 * np.savez writes for arrays over 4 GB.
 */
export interface ZipArchive {
  readonly path: string;
  /** Every entry in central-directory order; directory entries end with '/'. */
  readonly entries: yauzl.Entry[];
  /** Decompressed bytes of one entry, refused above `maxBytes` before anything is inflated. */
  read(entry: yauzl.Entry, maxBytes: number): Promise<Buffer>;
  /** Decompressed chunks of one entry, for entries too large to hold twice. */
  stream(entry: yauzl.Entry): Promise<Readable>;
  close(): void;
}

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function openZip(zipPath: string): Promise<ZipArchive> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: false });
  } catch (err) {
    throw new AppError('invalid_input', `${zipPath}: not a readable zip archive (${describe(err)})`);
  }
  const entries = await new Promise<yauzl.Entry[]>((resolve, reject) => {
    const found: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      found.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(found));
    zip.on('error', (err: unknown) => reject(new AppError('invalid_input', `${zipPath}: broken zip archive (${describe(err)})`)));
    zip.readEntry();
  }).catch((err: unknown) => {
    zip.close();
    throw err;
  });
  try {
    // Sizes from the central directory; yauzl refuses an entry that inflates to more than it declared.
    checkArchiveInflation(
      zipPath,
      entries.filter((e) => !e.fileName.endsWith('/')).map((e) => ({ name: e.fileName, stored: e.compressedSize, inflated: e.uncompressedSize })),
    );
  } catch (err) {
    zip.close();
    throw err;
  }

  const stream = async (entry: yauzl.Entry): Promise<Readable> => {
    if (entry.isEncrypted()) throw new AppError('unsupported', `${zipPath}: entry ${entry.fileName} is encrypted`);
    try {
      return await zip.openReadStreamPromise(entry);
    } catch (err) {
      throw new AppError('invalid_input', `${zipPath}: cannot read entry ${entry.fileName} (${describe(err)})`);
    }
  };

  const read = async (entry: yauzl.Entry, maxBytes: number): Promise<Buffer> => {
    if (entry.uncompressedSize > maxBytes) {
      throw new AppError('invalid_input', `${zipPath}: entry ${entry.fileName} is ${entry.uncompressedSize} bytes uncompressed, over the ${maxBytes}-byte limit`);
    }
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of await stream(entry)) chunks.push(chunk as Buffer);
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('invalid_input', `${zipPath}: entry ${entry.fileName} is corrupt (${describe(err)})`);
    }
    return Buffer.concat(chunks);
  };

  return { path: zipPath, entries, read, stream, close: () => zip.close() };
}
