import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../shared/result';
import type { HandlersOf } from '../handlers';

/** True when `dir` lies inside `root` (a cache folder the app made), so a delete never leaves it. */
function isInside(root: string, dir: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(dir));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Rename and delete: the Datasets table's row actions (issue 13). */
export const datasetEditHandlers: Pick<HandlersOf<'datasets'>, 'datasets.rename' | 'datasets.delete'> = {
  'datasets.rename': ({ id, name }, { services }) => {
    const found = services.store.getDataset(id);
    if (!found) throw new AppError('not_found', `id: no dataset named or hashed ${JSON.stringify(id)}`);
    return services.store.renameDataset(found.meta.id, name).meta;
  },

  'datasets.delete': ({ id }, { services }) => {
    const found = services.store.getDataset(id);
    if (!found) throw new AppError('not_found', `id: no dataset named or hashed ${JSON.stringify(id)}`);
    const { meta, cacheDir } = found;
    const users = services.store.studiesUsingDataset(meta.id);
    if (users.length > 0) {
      const shown = users.slice(0, 5).map((n) => `"${n}"`).join(', ') + (users.length > 5 ? ', …' : '');
      throw new AppError('conflict', `Dataset "${meta.name}" is used by ${users.length === 1 ? '1 study' : `${users.length} studies`} (${shown}); delete those first`);
    }
    // The row goes first: a cache folder without a row is only disk space, a row without its cache is broken.
    services.store.deleteDataset(meta.id);
    const removed: string[] = [];
    if (isInside(services.paths.datasetsDir, cacheDir) && fs.existsSync(cacheDir)) {
      fs.rmSync(cacheDir, { recursive: true, force: true });
      removed.push(cacheDir);
    }
    return { id: meta.id, name: meta.name, removed };
  },
};
