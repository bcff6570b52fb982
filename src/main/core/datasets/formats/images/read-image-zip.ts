import fs from 'node:fs';
import type yauzl from 'yauzl';
import { AppError } from '../../../../../shared/result';
import type { FormatReader } from '../../import/types';
import type { LayoutEntry } from './image-layout';
import { readImages } from './read-images';
import { openZip } from './zip-archive';

/** One compressed image above this is a zip bomb, not a photo (100 MP of RGBA is 400 MB decoded). */
const MAX_ENTRY_BYTES = 256 << 20;

/** Reads class folders of PNG/JPEG images inside a .zip, with or without one wrapping top-level folder. */
export const readImageZip: FormatReader = async (source, opts, onProgress) => {
  if (!fs.existsSync(source)) throw new AppError('not_found', `${source}: no such file or directory`);
  const zip = await openZip(source);
  try {
    const byPath = new Map<string, yauzl.Entry>();
    const entries: LayoutEntry[] = zip.entries.map((e) => {
      const isDir = e.fileName.endsWith('/');
      const rel = isDir ? e.fileName.slice(0, -1) : e.fileName;
      if (!isDir) byPath.set(rel, e);
      return { path: rel, isDir };
    });
    return await readImages(
      {
        where: source,
        entries,
        label: (rel) => `${source}:${rel}`,
        read: (rel) => zip.read(byPath.get(rel)!, MAX_ENTRY_BYTES),
      },
      'image-zip',
      opts,
      onProgress,
    );
  } finally {
    zip.close();
  }
};
