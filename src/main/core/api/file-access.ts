import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/result';
import type { ApiContext } from './context';

const inside = (p: string, root: string) => {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

const realOrSelf = (p: string) => {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
};

/**
 * A path an API caller names, as this server may use it. On a server open to the network
 * (access 'confined') it must lie, links resolved, in the uploads or the data folder: a remote client
 * may import what it uploaded, never /etc or a home folder. Local access takes any path.
 */
export function allowedPath(ctx: ApiContext, p: string, field: string): string {
  if (ctx.access === 'local') return p;
  const real = realOrSelf(p);
  const roots = [ctx.uploadsDir, ctx.services.paths.dataDir].map(realOrSelf);
  if (roots.some((root) => inside(real, root))) return p;
  throw new AppError(
    'unauthorized',
    `${field}: ${p} is outside this server's uploads and data folder; a server open to the network (serve --allow-remote) reads only files uploaded to it`,
  );
}

/**
 * The error of an import from an upload, with the upload's internal folder taken out of the message:
 * `<data>/uploads/3f…/iris.csv: line 2: …` reads `iris.csv: line 2: …`, as the user named the file.
 */
export function withoutUploadFolder(err: unknown, folder: string): AppError {
  const hide = (text: string) => text.split(`${folder}${path.sep}`).join('').split(folder).join('the upload');
  if (err instanceof AppError) return new AppError(err.code, hide(err.message));
  console.error('[api] import of an upload failed:', err);
  return new AppError('internal', hide(err instanceof Error ? err.message : String(err)));
}
