/**
 * Separable image resize over interleaved float channels. Bilinear (half-pixel centres, like
 * OpenCV's INTER_LINEAR and tf.image.resize) when enlarging or shrinking by up to 2×; past 2×
 * bilinear skips source pixels and aliases, so each output pixel averages the source area it covers
 * instead (INTER_AREA). The choice is made per axis.
 */
interface AxisTaps {
  /** Taps per output index (padded with zero weights). */
  width: number;
  /** First source index per output index. */
  start: Int32Array;
  /** width weights per output index. */
  weights: Float32Array;
}

export function axisTaps(srcLen: number, dstLen: number): AxisTaps {
  const scale = srcLen / dstLen;
  if (scale > 2) {
    const width = Math.ceil(scale) + 1;
    const start = new Int32Array(dstLen);
    const weights = new Float32Array(dstLen * width);
    for (let o = 0; o < dstLen; o++) {
      const a = o * scale;
      const b = Math.min(srcLen, (o + 1) * scale);
      const first = Math.floor(a);
      start[o] = first;
      for (let p = first, t = 0; p < b && t < width; p++, t++) {
        weights[o * width + t] = (Math.min(p + 1, b) - Math.max(p, a)) / (b - a);
      }
    }
    return { width, start, weights };
  }
  const start = new Int32Array(dstLen);
  const weights = new Float32Array(dstLen * 2);
  for (let o = 0; o < dstLen; o++) {
    const centre = Math.min(srcLen - 1, Math.max(0, (o + 0.5) * scale - 0.5));
    const p0 = Math.min(Math.floor(centre), Math.max(0, srcLen - 2));
    const frac = centre - p0;
    start[o] = p0;
    weights[o * 2] = 1 - frac;
    weights[o * 2 + 1] = srcLen > 1 ? frac : 0;
  }
  return { width: 2, start, weights };
}

/**
 * Resizes `src` (sh × sw × channels, row-major, interleaved) into `dst` at `dstOffset` as
 * dh × dw × channels.
 */
export function resizeInto(src: Float32Array, sw: number, sh: number, channels: number, dst: Float32Array, dstOffset: number, dw: number, dh: number): void {
  const h = axisTaps(sw, dw);
  const v = axisTaps(sh, dh);
  // Rows first: the intermediate is sh × dw, the smaller of the two orders for a downscale in width.
  const tmp = new Float32Array(sh * dw * channels);
  for (let y = 0; y < sh; y++) {
    const srcRow = y * sw * channels;
    const tmpRow = y * dw * channels;
    for (let x = 0; x < dw; x++) {
      const s0 = h.start[x]!;
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let t = 0; t < h.width; t++) {
          const w = h.weights[x * h.width + t]!;
          if (w !== 0) acc += w * src[srcRow + (s0 + t) * channels + c]!;
        }
        tmp[tmpRow + x * channels + c] = acc;
      }
    }
  }
  const rowLen = dw * channels;
  for (let y = 0; y < dh; y++) {
    const s0 = v.start[y]!;
    const out = dstOffset + y * rowLen;
    for (let i = 0; i < rowLen; i++) {
      let acc = 0;
      for (let t = 0; t < v.width; t++) {
        const w = v.weights[y * v.width + t]!;
        if (w !== 0) acc += w * tmp[(s0 + t) * rowLen + i]!;
      }
      dst[out + i] = acc;
    }
  }
}
