import { AppError } from '../../../../../shared/result';

/** A path inside the source ('/'-separated, relative to its root); directories end without '/'. */
export interface LayoutEntry {
  path: string;
  isDir: boolean;
}

export interface ImageRef {
  path: string;
  classIndex: number;
}

export interface ImageLayout {
  classNames: string[];
  train: ImageRef[];
  /** From a test/ folder next to train/: the shipped test split. */
  test?: ImageRef[];
  /** Files that are not PNG/JPEG by name, macOS litter (.DS_Store, __MACOSX) included. */
  skipped: string[];
  notes: string[];
}

interface Folder {
  path: string;
  dirs: Map<string, Folder>;
  files: string[];
}

const IMAGE_NAME = /\.(png|jpe?g)$/i;
const isLitter = (segment: string) => segment.startsWith('.') || segment === '__MACOSX' || segment === 'Thumbs.db';

function buildTree(entries: LayoutEntry[], skipped: string[]): Folder {
  const root: Folder = { path: '', dirs: new Map(), files: [] };
  for (const entry of entries) {
    const parts = entry.path.split('/').filter((p) => p.length > 0);
    if (parts.length === 0) continue;
    if (parts.some(isLitter)) {
      if (!entry.isDir) skipped.push(entry.path);
      continue;
    }
    let folder = root;
    const dirParts = entry.isDir ? parts : parts.slice(0, -1);
    for (const part of dirParts) {
      let next = folder.dirs.get(part);
      if (!next) {
        next = { path: folder.path ? `${folder.path}/${part}` : part, dirs: new Map(), files: [] };
        folder.dirs.set(part, next);
      }
      folder = next;
    }
    if (!entry.isDir) folder.files.push(entry.path);
  }
  return root;
}

function collectImages(folder: Folder, skipped: string[], into: string[]): void {
  for (const file of folder.files) (IMAGE_NAME.test(file) ? into : skipped).push(file);
  for (const sub of folder.dirs.values()) collectImages(sub, skipped, into);
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Class folders (direct sub-folders) of `folder` and their images, recursively, sorted. */
function classFolders(folder: Folder, where: string, skipped: string[]): Map<string, string[]> {
  skipped.push(...folder.files); // loose files beside the class folders belong to no class
  const classes = new Map<string, string[]>();
  for (const name of [...folder.dirs.keys()].sort(byName)) {
    const sub = folder.dirs.get(name)!;
    const images: string[] = [];
    collectImages(sub, skipped, images);
    if (images.length === 0) throw new AppError('invalid_input', `${where}/${sub.path}: class folder '${name}' has no PNG or JPEG images`);
    classes.set(name, images.sort(byName));
  }
  return classes;
}

const findDir = (folder: Folder, ...names: string[]) => [...folder.dirs.values()].find((d) => names.includes(d.path.split('/').pop()!.toLowerCase()));

/**
 * Plans an image-folder import from the list of paths of a directory or zip: one sub-folder per
 * class, or train/ and test/ folders that each hold class folders. A single wrapping folder (the
 * usual top-level folder of a zip) is looked through.
 */
export function planImageLayout(entries: LayoutEntry[], where: string): ImageLayout {
  const skipped: string[] = [];
  const notes: string[] = [];
  let root = buildTree(entries, skipped);
  while (root.files.length === 0 && root.dirs.size === 1) {
    const only = [...root.dirs.values()][0]!;
    // Look through a wrapper only: a lone folder without sub-folders is a (single) class folder.
    if (only.dirs.size === 0) break;
    root = only;
  }
  if (root.path) notes.push(`classes read from ${root.path}/`);

  const trainDir = findDir(root, 'train');
  const testDir = findDir(root, 'test');
  let train: Map<string, string[]>;
  let test: Map<string, string[]> | undefined;
  if (trainDir && testDir && trainDir.dirs.size > 0 && testDir.dirs.size > 0) {
    train = classFolders(trainDir, where, skipped);
    test = classFolders(testDir, where, skipped);
    const extra = [...root.dirs.values()].filter((d) => d !== trainDir && d !== testDir);
    if (extra.length > 0) notes.push(`ignored folders beside train/ and test/: ${extra.map((d) => d.path).join(', ')}`);
    skipped.push(...root.files);
    notes.push(`test split shipped with the data: ${testDir.path}/`);
  } else {
    train = classFolders(root, where, skipped);
  }

  const classNames = [...train.keys()];
  if (classNames.length === 0) throw new AppError('invalid_input', `${where}: no class folders (expected one sub-folder of PNG/JPEG images per class)`);
  if (classNames.length === 1) throw new AppError('invalid_input', `${where}: only one class folder ('${classNames[0]}'): a classifier needs at least two`);
  const refs = (classes: Map<string, string[]>, split: string): ImageRef[] =>
    [...classes].flatMap(([name, files]) => {
      const classIndex = classNames.indexOf(name);
      if (classIndex < 0) throw new AppError('invalid_input', `${where}: ${split} class folder '${name}' has no counterpart among the training classes (${classNames.join(', ')})`);
      return files.map((path) => ({ path, classIndex }));
    });
  if (skipped.length > 0) {
    const shown = skipped.slice(0, 5).join(', ');
    notes.push(`skipped ${skipped.length} file(s) that are not PNG/JPEG images: ${shown}${skipped.length > 5 ? ', …' : ''}`);
  }
  return { classNames, train: refs(train, 'train'), ...(test ? { test: refs(test, 'test') } : {}), skipped, notes };
}
