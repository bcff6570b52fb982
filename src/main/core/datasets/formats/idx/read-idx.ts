import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../../shared/result';
import type { FormatReader, ImportOptions, ProgressCallback, RawDataset } from '../../import/types';
import { encodeLabels } from '../numpy/label-encoding';
import { findIdxFiles, type IdxPair } from './idx-files';
import { readIdxFile } from './idx-stream';

interface PairData {
  /** Raw pixels 0..255, kept uint8 through the import and into the cache. */
  x: Uint8Array;
  labels: Uint8Array;
  rows: number;
  cols: number;
}

async function readPair(pair: IdxPair, onBytes: (n: number) => void): Promise<PairData> {
  // Labels first: they are small, and their count lets the images header be checked before its
  // (large) array is allocated.
  const labels = await readIdxFile(pair.labels, { kind: 'labels', onBytes });
  const count = labels.header.dims[0]!;
  const images = await readIdxFile(pair.images, {
    kind: 'images',
    onBytes,
    checkHeader: (h) => {
      if (h.dims[0] !== count) {
        throw new AppError('invalid_input', `${pair.images} has ${h.dims[0]} images but ${pair.labels} has ${count} labels`);
      }
    },
  });
  return { x: images.data, labels: labels.data, rows: images.header.dims[1]!, cols: images.header.dims[2]! };
}

/**
 * Reads an MNIST-style IDX dataset: a train images/labels pair plus an optional t10k/test pair that
 * becomes the shipped test split. Pixels stay raw 0..255; the pipeline normalizes on the train split.
 */
export const readIdx: FormatReader = async (source: string, opts: ImportOptions, onProgress: ProgressCallback): Promise<RawDataset> => {
  if (!fs.existsSync(source)) throw new AppError('not_found', `${source}: no such file or directory`);
  const files = findIdxFiles(source);
  const all = [files.train.images, files.train.labels, ...(files.test ? [files.test.images, files.test.labels] : [])];
  const total = all.reduce((sum, f) => sum + fs.statSync(f).size, 0);
  let done = 0;
  const onBytes = (n: number) => {
    done += n;
    onProgress({ phase: 'reading', done, total, unit: 'bytes' });
  };

  const train = await readPair(files.train, onBytes);
  const test = files.test ? await readPair(files.test, onBytes) : undefined;
  if (test && (test.rows !== train.rows || test.cols !== train.cols)) {
    throw new AppError('invalid_input', `${files.test!.images}: test images are ${test.rows}×${test.cols} but training images are ${train.rows}×${train.cols}`);
  }
  const labels = encodeLabels({
    label: path.basename(files.train.labels),
    values: train.labels,
    ...(test ? { testValues: test.labels } : {}),
    integral: true,
    ...(opts.task ? { task: opts.task } : {}),
  });
  const notes = [
    ...files.notes,
    `train: ${path.basename(files.train.images)} + ${path.basename(files.train.labels)}, ${train.labels.length} images of ${train.rows}×${train.cols}`,
    ...(test ? [`test split shipped with the data: ${path.basename(files.test!.images)} + ${path.basename(files.test!.labels)}, ${test.labels.length} images`] : []),
    labels.note,
  ];
  return {
    format: 'idx',
    x: train.x,
    y: labels.y,
    inputShape: [train.rows, train.cols, 1],
    featureNames: [],
    classNames: labels.classNames,
    task: labels.task,
    ...(test ? { shippedTest: { x: test.x, y: labels.testY! } } : {}),
    notes,
  };
};
