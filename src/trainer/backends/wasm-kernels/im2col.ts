/**
 * Geometry of a 2-D convolution over an NHWC input, as far as im2col needs it. Taken from
 * `backend_util.computeConv2DInfo`, so padding (same/valid/explicit) and rounding match tfjs exactly.
 */
export interface Im2ColGeometry {
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
}

// Below this many channels a plain loop beats `subarray` + `set`, whose per-call cost dominates
// when each copied run is only a few floats long (grayscale or RGB inputs).
const SET_MIN_RUN = 16;

/**
 * Writes rows `[rowStart, rowStart + rowCount)` of the im2col matrix of `x` into `cols`.
 * Row r is output position (b, oh, ow) flattened; its K = filterHeight·filterWidth·inChannels columns
 * are the input patch in (fh, fw, ci) order, zero where the patch hangs over the padding. That column
 * order is the row-major order of an HWIO filter, so `colsᵀ · dy` is the filter gradient as is.
 */
export function im2colRows(x: Float32Array, g: Im2ColGeometry, rowStart: number, rowCount: number, cols: Float32Array): void {
  const { inHeight, inWidth, inChannels: ci, outHeight, outWidth, filterHeight, filterWidth } = g;
  const K = filterHeight * filterWidth * ci;
  const outPerImage = outHeight * outWidth;
  const imageSize = inHeight * inWidth * ci;
  for (let r = 0; r < rowCount; r++) {
    const m = rowStart + r;
    const b = Math.floor(m / outPerImage);
    const rem = m - b * outPerImage;
    const oh = Math.floor(rem / outWidth);
    const ow = rem - oh * outWidth;
    const ihBase = oh * g.strideHeight - g.padTop;
    const iwBase = ow * g.strideWidth - g.padLeft;
    const imageOffset = b * imageSize;
    let dst = r * K;
    for (let fh = 0; fh < filterHeight; fh++) {
      const ih = ihBase + fh;
      if (ih < 0 || ih >= inHeight) {
        cols.fill(0, dst, dst + filterWidth * ci);
        dst += filterWidth * ci;
        continue;
      }
      const rowOffset = imageOffset + ih * inWidth * ci;
      if (iwBase >= 0 && iwBase + filterWidth <= inWidth) {
        // Whole patch row inside the image: its filterWidth·ci floats are contiguous in NHWC.
        copyRun(x, rowOffset + iwBase * ci, filterWidth * ci, cols, dst);
        dst += filterWidth * ci;
        continue;
      }
      for (let fw = 0; fw < filterWidth; fw++) {
        const iw = iwBase + fw;
        if (iw < 0 || iw >= inWidth) {
          cols.fill(0, dst, dst + ci);
        } else {
          copyRun(x, rowOffset + iw * ci, ci, cols, dst);
        }
        dst += ci;
      }
    }
  }
}

function copyRun(src: Float32Array, from: number, length: number, dst: Float32Array, to: number): void {
  if (length >= SET_MIN_RUN) {
    dst.set(src.subarray(from, from + length), to);
    return;
  }
  for (let i = 0; i < length; i++) dst[to + i] = src[from + i]!;
}
