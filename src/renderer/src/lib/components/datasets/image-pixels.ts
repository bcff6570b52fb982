/**
 * A flat pixel array (row-major height × width × channels, values 0–255) → RGBA bytes for ImageData.
 * Grayscale repeats its one channel; values are clamped because imports may store floats.
 */

export function toRgba(pixels: readonly number[], height: number, width: number, channels: number, scale = 1): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(new ArrayBuffer(height * width * 4));
  for (let i = 0; i < height * width; i++) {
    const base = i * channels;
    const r = (pixels[base] ?? 0) * scale;
    out[i * 4] = r;
    out[i * 4 + 1] = channels >= 3 ? (pixels[base + 1] ?? 0) * scale : r;
    out[i * 4 + 2] = channels >= 3 ? (pixels[base + 2] ?? 0) * scale : r;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** Built-in samples store pixels in 0–1, imports in 0–255: a grid whose brightest value is ≤ 1 is scaled up. */
export function pixelScale(images: readonly (readonly number[])[]): number {
  let max = 0;
  for (const img of images) for (const v of img) if (v > max) max = v;
  return max <= 1 ? 255 : 1;
}
