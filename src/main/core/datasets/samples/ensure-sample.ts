import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DatasetMeta } from '../../../../shared/domain/dataset';
import { AppError } from '../../../../shared/result';
import { readDatasetMeta } from '../../../../formats/dataset-cache';
import { writeDatasetCache } from '../cache-writer';
import { prepareDataset, type DatasetArrays } from '../prepare';
import { DEFAULT_FRACTIONS } from '../split';
import { SAMPLE_INFO, SAMPLE_NAMES, SAMPLE_PREFIX, isSampleName, type SampleName } from './catalog';
import { makeClassification } from './make-classification';
import { makeRegression } from './make-regression';
import { NEW_SHAPE_CLASSES, SHAPE_CLASSES, makeShapesImages } from './make-shapes';

/** Fixed seed: a sample is the same bytes (and so the same content id) on every machine. */
const SAMPLE_SEED = 42;

interface GeneratedSample {
  arrays: DatasetArrays;
  featureNames: string[];
  classNames: string[];
  /** Everything that determines the bytes; hashed into the id. */
  params: Record<string, unknown>;
  /** Train/val/test fractions when not the default. */
  fractions?: [number, number, number];
}

function generate(name: SampleName): GeneratedSample {
  switch (name) {
    case 'binary-1000x10': {
      const params = { generator: 'make_classification', nSamples: 1000, nFeatures: 10, nInformative: 5, nRedundant: 2, nClasses: 2, classSep: 1.0, flipY: 0.01, seed: SAMPLE_SEED };
      const { x, y, nFeatures } = makeClassification(params);
      const featureNames = Array.from({ length: nFeatures }, (_, j) => `x${j}`);
      return { arrays: { x, y, inputShape: [nFeatures] }, featureNames, classNames: ['0', '1'], params };
    }
    case 'shapes-16': {
      const params = { generator: 'shapes', nPerClass: 200, size: 16, seed: SAMPLE_SEED };
      const { x, y, size } = makeShapesImages(params);
      return { arrays: { x, y, inputShape: [size, size, 1] }, featureNames: ['gray'], classNames: [...SHAPE_CLASSES], params };
    }
    case 'new-shapes-16': {
      const params = { generator: 'shapes', classes: [...NEW_SHAPE_CLASSES], nPerClass: 100, size: 16, seed: SAMPLE_SEED + 1 };
      const { x, y, size } = makeShapesImages({ ...params, classes: NEW_SHAPE_CLASSES });
      // Few training images (the point of fine-tuning), and validation/test splits big enough that
      // fine-tuned and from-scratch models can be told apart by more than one image.
      return { arrays: { x, y, inputShape: [size, size, 1] }, featureNames: ['gray'], classNames: [...NEW_SHAPE_CLASSES], params, fractions: [0.15, 0.45, 0.4] };
    }
    case 'regression-1000x8': {
      const params = { generator: 'regression', nSamples: 1000, nFeatures: 8, nInformative: 5, noise: 0.3, seed: SAMPLE_SEED };
      const { x, y, nFeatures } = makeRegression(params);
      const featureNames = Array.from({ length: nFeatures }, (_, j) => `x${j}`);
      return { arrays: { x, y, inputShape: [nFeatures] }, featureNames, classNames: [], params };
    }
  }
}

function contentId(sample: GeneratedSample, splitParams: unknown): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ format: 1, ...sample.params, split: splitParams }));
  hash.update(new Uint8Array(sample.arrays.x.buffer, sample.arrays.x.byteOffset, sample.arrays.x.byteLength));
  hash.update(new Uint8Array(sample.arrays.y.buffer, sample.arrays.y.byteOffset, sample.arrays.y.byteLength));
  return hash.digest('hex');
}

function existingMeta(cacheDir: string): DatasetMeta | null {
  if (!fs.existsSync(path.join(cacheDir, 'meta.json'))) return null;
  try {
    return readDatasetMeta(cacheDir);
  } catch {
    return null; // unreadable cache: regenerate over it
  }
}

/**
 * Generates a built-in sample into `datasetsDir/<content id>/` unless it is already there, and returns
 * its meta and cache directory. Registering it in the store is the caller's job.
 */
export function ensureSample(name: SampleName, datasetsDir: string): { meta: DatasetMeta; cacheDir: string } {
  if (!isSampleName(name)) throw new AppError('not_found', `sample ${JSON.stringify(name)}: unknown built-in sample (known: ${SAMPLE_NAMES.join(', ')})`);
  const sample = generate(name);
  const splitParams = { fractions: sample.fractions ?? DEFAULT_FRACTIONS, seed: SAMPLE_SEED };
  const id = contentId(sample, splitParams);
  const cacheDir = path.join(datasetsDir, id);
  const existing = existingMeta(cacheDir);
  if (existing) return { meta: existing, cacheDir };

  const info = SAMPLE_INFO[name];
  const { meta, splits } = prepareDataset(sample.arrays, {
    id,
    name: SAMPLE_PREFIX + name,
    kind: info.kind,
    task: info.task,
    featureNames: sample.featureNames,
    classNames: sample.classNames,
    source: `built-in sample: ${info.description}`,
    fractions: splitParams.fractions,
    splitSeed: splitParams.seed,
  });
  fs.mkdirSync(datasetsDir, { recursive: true });
  writeDatasetCache(cacheDir, meta, splits);
  return { meta, cacheDir };
}
