import { AppError } from '../../../../../shared/result';
import type { FormatReader, ImportOptions, ProgressCallback, RawDataset } from '../../import/types';
import { chooseArrays } from './choose-arrays';
import { encodeLabels, type EncodedLabels } from './label-encoding';
import { firstNonFinite, NpyDecoder, type NpyOutput } from './npy-decoder';
import type { NpyHeader } from './npy-header';
import { openNpyCollection, type NpyArraySource } from './npy-sources';

interface Decoded<T extends NpyOutput> {
  label: string;
  header: NpyHeader;
  data: T;
}

async function decode<T extends NpyOutput>(src: NpyArraySource, allocate: (n: number) => T, onBytes: (n: number) => void): Promise<Decoded<T>> {
  const decoder = new NpyDecoder(src.label, allocate, src.bytes);
  try {
    for await (const chunk of src.chunks()) {
      onBytes(chunk.length);
      decoder.push(chunk);
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('io_error', `${src.label}: cannot read (${(err as Error).message})`);
  }
  const { header, data } = decoder.finish();
  const bad = firstNonFinite(data);
  if (bad >= 0) {
    const rowSize = header.shape.slice(1).reduce((a, b) => a * b, 1);
    const at = rowSize > 1 ? `row ${Math.floor(bad / rowSize)}, value ${bad % rowSize} (flat index ${bad})` : `index ${bad}`;
    throw new AppError('invalid_input', `${src.label}: ${data[bad]} at ${at}: NaN and infinite values (or values beyond float32 range) cannot be imported`);
  }
  return { label: src.label, header, data };
}

/** Per-sample shape: (N,) is one feature, (N,F) tabular, (N,H,W) grayscale and (N,H,W,C) images. */
function inputShapeOf(x: Decoded<Float32Array>): number[] {
  const [n = 0, ...rest] = x.header.shape;
  if (x.header.shape.length === 0) throw new AppError('invalid_input', `${x.label}: a scalar, not an array of samples`);
  if (n === 0 || rest.some((d) => d === 0)) throw new AppError('invalid_input', `${x.label}: empty array (shape (${x.header.shape.join(', ')}))`);
  if (rest.length === 0) return [1];
  if (rest.length === 2) return [rest[0]!, rest[1]!, 1];
  if (rest.length > 3) throw new AppError('unsupported', `${x.label}: ${x.header.shape.length}-D features are not supported (at most (N, height, width, channels))`);
  return rest;
}

/** Rows of (N,K) labels with a single 1 each: class indices 0..K-1, or undefined if not one-hot. */
function fromOneHot(y: Float64Array, n: number, k: number): Float32Array | undefined {
  const out = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    let hot = -1;
    for (let c = 0; c < k; c++) {
      const v = y[r * k + c]!;
      if (v === 1 && hot < 0) hot = c;
      else if (v !== 0) return undefined;
    }
    if (hot < 0) return undefined;
    out[r] = hot;
  }
  return out;
}

function encodeTargets(y: Decoded<Float64Array>, testY: Decoded<Float64Array> | undefined, opts: ImportOptions): EncodedLabels {
  const [n = 0, k = 1, ...more] = y.header.shape;
  if (y.header.shape.length === 0 || more.length > 0) {
    throw new AppError('invalid_input', `${y.label}: labels must have shape (N,), (N, 1) or one-hot (N, K); got (${y.header.shape.join(', ')})`);
  }
  if (k > 1) {
    const classes = fromOneHot(y.data, n, k);
    const testClasses = testY ? fromOneHot(testY.data, testY.header.shape[0] ?? 0, k) : undefined;
    if (!classes || (testY && !testClasses)) throw new AppError('invalid_input', `${classes ? testY!.label : y.label}: 2-D labels must be one-hot (a single 1 per row)`);
    if (opts.task === 'regression') throw new AppError('invalid_input', `${y.label}: one-hot labels cannot be a regression target`);
    const task = k === 2 ? 'binary' : 'multiclass';
    return { task, classNames: Array.from({ length: k }, (_, i) => String(i)), y: classes, ...(testClasses ? { testY: testClasses } : {}), note: `${y.label}: one-hot labels, ${k} classes: ${task}` };
  }
  return encodeLabels({
    label: y.label,
    values: y.data,
    ...(testY ? { testValues: testY.data } : {}),
    integral: y.header.dtype.kind !== 'f',
    ...(opts.task ? { task: opts.task } : {}),
  });
}

function describeArray(a: Decoded<NpyOutput>): string {
  return `${a.label} (${a.header.shape.join('×')} ${a.header.dtype.descr})`;
}

/**
 * Reads NumPy arrays: X.npy + y.npy in a directory, or an .npz holding x/X/features/data and
 * y/Y/labels/target (opts.target names the labels array), or x_train/y_train with x_test/y_test
 * (the test pair becomes the shipped test split).
 */
export const readNpy: FormatReader = async (source: string, opts: ImportOptions, onProgress: ProgressCallback): Promise<RawDataset> => {
  const collection = await openNpyCollection(source);
  try {
    const roles = chooseArrays([...collection.arrays.keys()], opts.target, collection.where);
    const pick = (name: string | undefined) => (name === undefined ? undefined : collection.arrays.get(name)!);
    const [xSrc, ySrc, testXSrc, testYSrc] = [pick(roles.features)!, pick(roles.labels)!, pick(roles.testFeatures), pick(roles.testLabels)];
    const total = [xSrc, ySrc, testXSrc, testYSrc].reduce((sum, s) => sum + (s?.bytes ?? 0), 0);
    let done = 0;
    const onBytes = (n: number) => {
      done += n;
      onProgress({ phase: 'reading', done, total, unit: 'bytes' });
    };
    const f32 = (n: number) => new Float32Array(n);
    // Labels as float64: integer class ids and regression targets keep every digit until encoded.
    const f64 = (n: number) => new Float64Array(n);

    const y = await decode(ySrc, f64, onBytes);
    const x = await decode(xSrc, f32, onBytes);
    const inputShape = inputShapeOf(x);
    const sameCount = (xs: Decoded<NpyOutput>, ys: Decoded<NpyOutput>) => {
      if (xs.header.shape[0] !== ys.header.shape[0]) {
        throw new AppError('invalid_input', `${xs.label} has ${xs.header.shape[0]} rows but ${ys.label} has ${ys.header.shape[0]}`);
      }
    };
    sameCount(x, y);
    const testY = testYSrc ? await decode(testYSrc, f64, onBytes) : undefined;
    const testX = testXSrc ? await decode(testXSrc, f32, onBytes) : undefined;
    if (testX && testY) {
      sameCount(testX, testY);
      if (testX.header.shape.slice(1).join('×') !== x.header.shape.slice(1).join('×')) {
        throw new AppError('invalid_input', `${testX.label}: test samples are ${testX.header.shape.slice(1).join('×')} but training samples are ${x.header.shape.slice(1).join('×')}`);
      }
      if (testY.header.shape.slice(1).join('×') !== y.header.shape.slice(1).join('×')) {
        throw new AppError('invalid_input', `${testY.label}: test labels have shape (${testY.header.shape.join(', ')}), unlike ${y.label} (${y.header.shape.join(', ')})`);
      }
    }
    const labels = encodeTargets(y, testY, opts);
    const isImage = inputShape.length === 3;
    return {
      format: collection.format,
      x: x.data,
      y: labels.y,
      inputShape,
      featureNames: isImage ? [] : Array.from({ length: inputShape[0]! }, (_, i) => `x${i}`),
      classNames: labels.classNames,
      task: labels.task,
      ...(testX && labels.testY ? { shippedTest: { x: testX.data, y: labels.testY } } : {}),
      notes: [
        `features: ${describeArray(x)}`,
        `labels: ${describeArray(y)}`,
        ...(testX && testY ? [`test split shipped with the data: ${describeArray(testX)} + ${describeArray(testY)}`] : []),
        labels.note,
      ],
    };
  } finally {
    collection.close();
  }
};
