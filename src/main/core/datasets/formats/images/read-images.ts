import type { Task } from '../../../../../shared/domain/hparams';
import { AppError } from '../../../../../shared/result';
import type { DatasetFormat, ImportOptions, ProgressCallback, RawDataset } from '../../import/types';
import { decodeImage, sniffImageType, type DecodedImage } from './decode-image';
import { planImageLayout, type ImageRef, type LayoutEntry } from './image-layout';
import { ImageSink } from './image-sink';

/** Where images come from: a directory or a zip, listed up front, read one file at a time. */
export interface ImageFileSource {
  /** Names the source in messages. */
  where: string;
  entries: LayoutEntry[];
  read(path: string): Promise<Buffer>;
  /** Full name of one file for messages. */
  label(path: string): string;
}

/** Default size: the first image's, shrunk (keeping its aspect) to fit in DEFAULT_MAX_SIDE². */
const DEFAULT_MAX_SIDE = 64;
/** Largest requested size accepted; far past anything a small CNN trains on. */
const MAX_TARGET_SIDE = 1024;

function targetSize(first: DecodedImage, requested: [number, number] | undefined): [number, number] {
  if (requested) {
    const [h, w] = requested;
    if (![h, w].every((s) => Number.isInteger(s) && s >= 1 && s <= MAX_TARGET_SIDE)) {
      throw new AppError('invalid_input', `imageSize: ${h}×${w} must be whole numbers of pixels from 1 to ${MAX_TARGET_SIDE}`);
    }
    return [h, w];
  }
  const scale = Math.min(1, DEFAULT_MAX_SIDE / Math.max(first.width, first.height));
  return [Math.max(1, Math.round(first.height * scale)), Math.max(1, Math.round(first.width * scale))];
}

function taskFor(classCount: number, requested: Task | undefined, where: string): Task {
  if (requested === 'regression') throw new AppError('invalid_input', `${where}: image folders name classes; task regression does not apply`);
  if (requested === 'binary' && classCount !== 2) throw new AppError('invalid_input', `${where}: task binary needs exactly 2 class folders, found ${classCount}`);
  return requested ?? (classCount === 2 ? 'binary' : 'multiclass');
}

async function decodeFile(src: ImageFileSource, path: string): Promise<DecodedImage> {
  const bytes = await src.read(path);
  const name = src.label(path);
  const type = sniffImageType(bytes);
  if (!type) {
    const claimed = /\.png$/i.test(path) ? 'PNG' : 'JPEG';
    throw new AppError('invalid_input', `${name}: broken ${claimed} (${bytes.length === 0 ? 'empty file' : 'its content is neither PNG nor JPEG'})`);
  }
  return decodeImage(bytes, name, type);
}

/**
 * Imports a folder-per-class image set into uint8 arrays (raw 0..255): every image decoded one at
 * a time into the preallocated output, converted to grayscale or RGB and resized to one size.
 */
export async function readImages(src: ImageFileSource, format: DatasetFormat, opts: ImportOptions, onProgress: ProgressCallback): Promise<RawDataset> {
  const layout = planImageLayout(src.entries, src.where);
  const task = taskFor(layout.classNames.length, opts.task, src.where);
  const total = layout.train.length + (layout.test?.length ?? 0);
  const first = await decodeFile(src, layout.train[0]!.path);
  const [height, width] = targetSize(first, opts.imageSize);
  const auto = opts.color === undefined;
  const startChannels = opts.color === 'rgb' ? 3 : 1;
  const train = new ImageSink(layout.train.length, height, width, startChannels);
  const test = layout.test ? new ImageSink(layout.test.length, height, width, startChannels) : undefined;
  const sinks = test ? [train, test] : [train];
  let firstColour: string | undefined;
  let done = 0;

  const fill = async (sink: ImageSink, refs: ImageRef[], preDecoded?: DecodedImage) => {
    for (let i = 0; i < refs.length; i++) {
      const ref = refs[i]!;
      const img = i === 0 && preDecoded ? preDecoded : await decodeFile(src, ref.path);
      if (auto && !img.gray && sink.channels === 1) {
        firstColour = src.label(ref.path);
        for (const s of sinks) s.toRgb();
      }
      sink.put(i, img, ref.classIndex);
      onProgress({ phase: 'reading', done: ++done, total, unit: 'files' });
    }
  };
  await fill(train, layout.train, first);
  if (test && layout.test) await fill(test, layout.test);

  const channels = train.channels;
  const colourNote = auto
    ? channels === 3
      ? `rgb: ${firstColour} has colour`
      : 'grayscale: every image is gray'
    : `${opts.color} as requested`;
  const resized = sinks.reduce((n, s) => n + s.resized, 0);
  return {
    format,
    x: train.x,
    y: train.y,
    inputShape: [height, width, channels],
    featureNames: [],
    classNames: layout.classNames,
    task,
    ...(test ? { shippedTest: { x: test.x, y: test.y } } : {}),
    notes: [
      ...layout.notes,
      `${layout.classNames.length} classes, ${layout.train.length} training images${test ? `, ${test.count} test images` : ''}`,
      `size ${height}×${width}${opts.imageSize ? ' as requested' : ` (from the first image, ${first.height}×${first.width}${first.height === height && first.width === width ? '' : `, capped at ${DEFAULT_MAX_SIDE}`})`}; ${resized} image(s) resized`,
      colourNote,
    ],
  };
}
