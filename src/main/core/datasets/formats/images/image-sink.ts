import type { DecodedImage } from './decode-image';
import { resizeInto } from './resize';

/** Rec. 601 luma, the weights PIL and OpenCV use for RGB → L. */
const LUMA = [0.299, 0.587, 0.114] as const;

/** Pixels of `img` as interleaved float channels (1 or 3), alpha dropped, written at `offset`. */
function writeChannels(img: DecodedImage, channels: 1 | 3, out: Float32Array, offset: number): void {
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
    for (let p = 0; p < pixels; p++) out[offset + p] = LUMA[0] * rgba[p * 4]! + LUMA[1] * rgba[p * 4 + 1]! + LUMA[2] * rgba[p * 4 + 2]!;
  }
}

/**
 * The preallocated output of one split: N × height × width × channels float32, filled one decoded
 * image at a time so only one image is ever held decoded. Starting grayscale and widening to RGB on
 * the first colour image (exact: a gray pixel is R = G = B) avoids a second decoding pass to decide.
 */
export class ImageSink {
  x: Float32Array;
  readonly y: Float32Array;
  resized = 0;

  constructor(
    readonly count: number,
    readonly height: number,
    readonly width: number,
    public channels: 1 | 3,
  ) {
    this.x = new Float32Array(count * height * width * channels);
    this.y = new Float32Array(count);
  }

  put(index: number, img: DecodedImage, classIndex: number): void {
    const size = this.height * this.width * this.channels;
    this.y[index] = classIndex;
    if (img.width === this.width && img.height === this.height) return writeChannels(img, this.channels, this.x, index * size);
    const src = new Float32Array(img.width * img.height * this.channels);
    writeChannels(img, this.channels, src, 0);
    resizeInto(src, img.width, img.height, this.channels, this.x, index * size, this.width, this.height);
    this.resized++;
  }

  /** Widens every image stored so far from gray to RGB (each value repeated in three channels). */
  toRgb(): void {
    if (this.channels === 3) return;
    const gray = this.x;
    const rgb = new Float32Array(gray.length * 3);
    for (let i = 0, o = 0; i < gray.length; i++, o += 3) rgb[o] = rgb[o + 1] = rgb[o + 2] = gray[i]!;
    this.x = rgb;
    this.channels = 3;
  }
}
