import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../../shared/result';
import type { FormatReader } from '../../import/types';
import type { LayoutEntry } from './image-layout';
import { readImages } from './read-images';

/** Every file and folder under `root` as '/'-separated relative paths, following no symlinked folders. */
function listTree(root: string): LayoutEntry[] {
  const out: LayoutEntry[] = [];
  const walk = (rel: string) => {
    for (const dirent of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${dirent.name}` : dirent.name;
      if (dirent.isDirectory()) {
        out.push({ path: child, isDir: true });
        walk(child);
      } else if (dirent.isFile() || (dirent.isSymbolicLink() && fs.statSync(path.join(root, child)).isFile())) {
        out.push({ path: child, isDir: false });
      }
    }
  };
  walk('');
  return out;
}

/** Reads a directory with one sub-folder of PNG/JPEG images per class (or train/ and test/ of those). */
export const readImageFolder: FormatReader = async (source, opts, onProgress) => {
  if (!fs.existsSync(source)) throw new AppError('not_found', `${source}: no such file or directory`);
  if (!fs.statSync(source).isDirectory()) throw new AppError('invalid_input', `${source}: not a directory of class folders`);
  const label = (rel: string) => path.join(source, ...rel.split('/'));
  return readImages(
    {
      where: source,
      entries: listTree(source),
      label,
      read: async (rel) => {
        try {
          return await fs.promises.readFile(label(rel));
        } catch (err) {
          throw new AppError('io_error', `${label(rel)}: cannot read (${(err as Error).message})`);
        }
      },
    },
    'image-folder',
    opts,
    onProgress,
  );
};
