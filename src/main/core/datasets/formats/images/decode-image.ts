import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { AppError } from '../../../../../shared/result';
import { describeJpegProblem, describePngProblem } from './image-problems';

export type ImageType = 'png' | 'jpeg';

export interface DecodedImage {
  width: number;
  height: number;
  /** RGBA, 8 bits per channel (16-bit PNGs are scaled down by pngjs). */
  rgba: Uint8Array;
  /** R = G = B at every pixel: the image carries no colour. */
  gray: boolean;
}

/** Images larger than this per side, or in total, are refused before decoding (decompression bombs). */
export const MAX_IMAGE_SIDE = 16384;
export const MAX_IMAGE_PIXELS = 100_000_000;

export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}

const be16 = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const be32 = (b: Uint8Array, i: number) => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;

/** Width and height from the file header (PNG IHDR, JPEG SOFn), without decoding any pixels. */
export function headerDimensions(bytes: Uint8Array, type: ImageType): { width: number; height: number } | undefined {
  if (type === 'png') return bytes.length >= 24 ? { width: be32(bytes, 16), height: be32(bytes, 20) } : undefined;
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return undefined;
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)) {
      i += 2; // markers without a length
      continue;
    }
    // SOF0..SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: be16(bytes, i + 5), width: be16(bytes, i + 7) };
    }
    i += 2 + be16(bytes, i + 2);
  }
  return undefined;
}

function checkDimensions(width: number, height: number, name: string): void {
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
    throw new AppError('invalid_input', `${name}: absurd image size ${width}×${height} (at most ${MAX_IMAGE_SIDE} pixels a side and ${MAX_IMAGE_PIXELS / 1e6} MP)`);
  }
  if (width === 0 || height === 0) throw new AppError('invalid_input', `${name}: broken image: size ${width}×${height}`);
}

function isGray(rgba: Uint8Array): boolean {
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i] !== rgba[i + 1] || rgba[i] !== rgba[i + 2]) return false;
  }
  return true;
}

/** Decodes a PNG or JPEG (told apart by content) to RGBA; `name` labels errors. */
export function decodeImage(bytes: Buffer, name: string, type: ImageType): DecodedImage {
  const dims = headerDimensions(bytes, type);
  if (dims) checkDimensions(dims.width, dims.height, name);
  let decoded: { width: number; height: number; data: Uint8Array };
  let knownGray = false;
  try {
    if (type === 'png') {
      const png = PNG.sync.read(bytes);
      decoded = png;
      knownGray = !png.color;
    } else {
      decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6, maxMemoryUsageInMB: 1024 });
    }
  } catch (err) {
    // The library's words ("There are some read requests waitng on finished stream") say little
    // about the file; its structure usually says what is wrong.
    const problem = type === 'png' ? describePngProblem(bytes) : describeJpegProblem(bytes);
    const why = problem ?? `its pixel data cannot be decoded (${err instanceof Error ? err.message : String(err)})`;
    throw new AppError('invalid_input', `${name}: broken ${type.toUpperCase()}: ${why}`);
  }
  checkDimensions(decoded.width, decoded.height, name);
  if (decoded.data.length < decoded.width * decoded.height * 4) {
    throw new AppError('invalid_input', `${name}: broken ${type.toUpperCase()} (decoded to fewer pixels than its ${decoded.width}×${decoded.height} size)`);
  }
  return { width: decoded.width, height: decoded.height, rgba: decoded.data, gray: knownGray || isGray(decoded.data) };
}
