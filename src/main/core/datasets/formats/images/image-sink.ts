import type { DecodedImage } from './decode-image';
import { resizeInto } from './resize';

/** Rec. 601 luma, the weights PIL and OpenCV use for RGB → L. */
const LUMA = [0.299, 0.587, 0.114] as const;

/**
 * Pixels of `img` as interleaved channels (1 or 3), alpha dropped, written at `offset`. Into a
 * Uint8Array the luma is rounded (as PIL's convert('L') does); into a Float32Array (the source of a
 * resize) it stays exact until the resized value is rounded.
 */
function writeChannels(img: DecodedImage, channels: 1 | 3, out: Float32Array | Uint8Array, offset: number): void {
  const { rgba } = img;
  const pixels = img.width * img.height;
  if (channels === 3) {
    for (let p = 0, o = offset; p < pixels; p++, o += 3) {
      out[o] = rgba[p * 4]!;
      out[o + 1] = rgba[p * 4 + 1]!;
      out[o + 2] = rgba[p * 4 + 2]!;
    }
  } else if (img.gray) {
    for (let p = 0; p < pixels; p++) out[offset + p] = rgba[p * 4]!;
  } else {
    const half = out instanceof Uint8Array ? 0.5 : 0; // a Uint8Array store truncates: +0.5 rounds
    for (let p = 0; p < pixels; p++) out[offset + p] = LUMA[0] * rgba[p * 4]! + LUMA[1] * rgba[p * 4 + 1]! + LUMA[2] * rgba[p * 4 + 2]! + half;
  }
}

/**
 * The preallocated output of one split: N × height × width × channels uint8 (8-bit images stay
 * 8-bit: a quarter of the memory and cache of float32; resized values are rounded), filled one decoded
 * image at a time so only one image is ever held decoded. Starting grayscale and widening to RGB on
 * the first colour image (exact: a gray pixel is R = G = B) avoids a second decoding pass to decide.
 */
export class ImageSink {
  x: Uint8Array;
  readonly y: Float32Array;
  resized = 0;

  constructor(
    readonly count: number,
    readonly height: number,
    readonly width: number,
    public channels: 1 | 3,
  ) {
    this.x = new Uint8Array(count * height * width * channels);
    this.y = new Float32Array(count);
  }

  put(index: number, img: DecodedImage, classIndex: number): void {
    const size = this.height * this.width * this.channels;
    this.y[index] = classIndex;
    if (img.width === this.width && img.height === this.height) return writeChannels(img, this.channels, this.x, index * size);
    const src = new Float32Array(img.width * img.height * this.channels);
    writeChannels(img, this.channels, src, 0);
    const resized = new Float32Array(size);
    resizeInto(src, img.width, img.height, this.channels, resized, 0, this.width, this.height);
    // Weights sum to 1, so values stay in 0..255 up to float error: clamp, then round.
    for (let i = 0, o = index * size; i < size; i++, o++) this.x[o] = Math.min(255, Math.max(0, resized[i]!)) + 0.5;
    this.resized++;
  }

  /** Widens every image stored so far from gray to RGB (each value repeated in three channels). */
  toRgb(): void {
    if (this.channels === 3) return;
    const gray = this.x;
    const rgb = new Uint8Array(gray.length * 3);
    for (let i = 0, o = 0; i < gray.length; i++, o += 3) rgb[o] = rgb[o + 1] = rgb[o + 2] = gray[i]!;
    this.x = rgb;
    this.channels = 3;
  }
}
