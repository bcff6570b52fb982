import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../../shared/result';

export interface IdxPair {
  images: string;
  labels: string;
}

export interface IdxFileSet {
  train: IdxPair;
  test?: IdxPair;
  notes: string[];
}

interface Candidate {
  file: string;
  kind: 'images' | 'labels';
  role: 'train' | 'test';
  /** Files of one dataset share this once kind, role, and compression are taken out of the name. */
  family: string;
  gz: boolean;
}

// train-images-idx3-ubyte, t10k-labels-idx1-ubyte.gz, train-labels.idx1-ubyte, emnist-letters-test-images-idx3-ubyte
const IDX_NAME = /idx([13])[-_.]ubyte(\.gz)?$/i;

function classify(file: string): Candidate | undefined {
  const name = path.basename(file);
  const m = IDX_NAME.exec(name);
  if (!m) return undefined;
  const stem = name.slice(0, m.index).toLowerCase();
  const role = /t10k|test/.test(stem) ? 'test' : 'train';
  const family = stem.replace(/t10k|train|test|images|labels/g, '').replace(/[-_.]+/g, '-').replace(/^-|-$/g, '');
  return { file, kind: m[1] === '3' ? 'images' : 'labels', role, family, gz: Boolean(m[2]) };
}

/** One file per kind and role; a plain copy next to its .gz (left by `gunzip -k`) wins: no inflating. */
function pick(cands: Candidate[], kind: Candidate['kind'], role: Candidate['role'], dir: string): string | undefined {
  const found = cands.filter((c) => c.kind === kind && c.role === role);
  if (found.length === 0) return undefined;
  const plain = found.filter((c) => !c.gz);
  const chosen = plain.length > 0 ? plain : found;
  if (chosen.length > 1) {
    throw new AppError('invalid_input', `${dir}: several IDX ${role} ${kind} files (${chosen.map((c) => path.basename(c.file)).join(', ')}): keep one per folder`);
  }
  return chosen[0]!.file;
}

/**
 * Finds the IDX train pair (and the optional test pair) for a source that is a directory or one of
 * its files. When the directory holds several datasets (mnist next to fashion-mnist under other
 * prefixes), pointing at one of the files picks that file's dataset.
 */
export function findIdxFiles(source: string): IdxFileSet {
  const isDir = fs.statSync(source).isDirectory();
  const dir = isDir ? source : path.dirname(source);
  let cands = fs
    .readdirSync(dir)
    .map((name) => classify(path.join(dir, name)))
    .filter((c): c is Candidate => c !== undefined && fs.statSync(c.file).isFile());
  if (!isDir) {
    const own = classify(source);
    if (!own) throw new AppError('invalid_input', `${source}: not an IDX file name (expected …-images-idx3-ubyte or …-labels-idx1-ubyte, optionally .gz)`);
    cands = cands.filter((c) => c.family === own.family);
  }
  const families = [...new Set(cands.map((c) => c.family))];
  if (families.length > 1) {
    throw new AppError('invalid_input', `${dir}: IDX files of several datasets (${families.map((f) => f || '(no prefix)').join(', ')}): point at one of the files to choose`);
  }
  const trainImages = pick(cands, 'images', 'train', dir);
  const trainLabels = pick(cands, 'labels', 'train', dir);
  if (!trainImages || !trainLabels) {
    const missing = !trainImages ? 'images (…-images-idx3-ubyte[.gz])' : 'labels (…-labels-idx1-ubyte[.gz])';
    throw new AppError('invalid_input', `${dir}: no IDX training ${missing} file found`);
  }
  const testImages = pick(cands, 'images', 'test', dir);
  const testLabels = pick(cands, 'labels', 'test', dir);
  if (Boolean(testImages) !== Boolean(testLabels)) {
    throw new AppError('invalid_input', `${testImages ?? testLabels}: IDX test ${testImages ? 'images' : 'labels'} without the matching test ${testImages ? 'labels' : 'images'} file`);
  }
  const notes: string[] = [];
  const skippedGz = cands.filter((c) => c.gz && ![trainImages, trainLabels, testImages, testLabels].includes(c.file));
  if (skippedGz.length > 0) notes.push(`used the uncompressed copies; skipped ${skippedGz.map((c) => path.basename(c.file)).join(', ')}`);
  return {
    train: { images: trainImages, labels: trainLabels },
    ...(testImages && testLabels ? { test: { images: testImages, labels: testLabels } } : {}),
    notes,
  };
}
