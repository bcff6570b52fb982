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

/**
 * col2im, the adjoint of im2col: row m of `cols` is the K = filterHeight·filterWidth·inChannels patch
 * of output position m = (b, oh, ow) flattened, in (fh, fw, ci) order (the row-major order of an HWIO
 * filter). Adds rows `[rowStart, rowStart + rowCount)` back into the NHWC image `x` where the
 * convolution read them from; the parts that hung over the padding are dropped, overlapping patches
 * accumulate.
 */
export function col2imRowsAdd(cols: Float32Array, g: Im2ColGeometry, rowStart: number, rowCount: number, x: Float32Array): void {
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
    // The filter columns that land inside the image; the rest read padding.
    const fwStart = Math.max(0, -iwBase);
    const fwEnd = Math.min(filterWidth, inWidth - iwBase);
    const imageOffset = b * imageSize;
    const rowOffset = r * K;
    for (let fh = 0; fh < filterHeight; fh++) {
      const ih = ihBase + fh;
      if (ih < 0 || ih >= inHeight) continue;
      let src = rowOffset + (fh * filterWidth + fwStart) * ci;
      let dst = imageOffset + (ih * inWidth + iwBase + fwStart) * ci;
      const end = src + (fwEnd - fwStart) * ci;
      while (src < end) x[dst++]! += cols[src++]!;
    }
  }
}

/**
 * The transposed im2col matrix, written into `colsT` (K × M, K = filterHeight·filterWidth·inChannels
 * in (fh, fw, ci) order, M = batch·outH·outW): row k holds, for every output position, the input
 * value that filter tap k multiplied in the forward pass (0 where it read padding). Transposed so
 * that the filter gradient dW (K × outC) = colsT · dy is an untransposed product, XNNPACK's fast path.
 */
export function im2colTransposed(x: Float32Array, batch: number, g: Im2ColGeometry, colsT: Float32Array): void {
  const { inHeight, inWidth, inChannels: ci, outHeight, outWidth, filterHeight, filterWidth, strideHeight: sh, strideWidth: sw } = g;
  const M = batch * outHeight * outWidth;
  const imageSize = inHeight * inWidth * ci;
  const rowStride = inWidth * ci;
  const step = sw * ci;
  for (let fh = 0; fh < filterHeight; fh++) {
    for (let fw = 0; fw < filterWidth; fw++) {
      // Output columns whose tap lands inside the image; the others read padding.
      const iwFirst = fw - g.padLeft;
      const owStart = Math.min(outWidth, Math.max(0, Math.ceil(-iwFirst / sw)));
      const owEnd = Math.max(owStart, Math.min(outWidth, Math.ceil((inWidth - iwFirst) / sw)));
      for (let c = 0; c < ci; c++) {
        let dst = ((fh * filterWidth + fw) * ci + c) * M;
        for (let b = 0; b < batch; b++) {
          for (let oh = 0; oh < outHeight; oh++) {
            const ih = oh * sh + fh - g.padTop;
            if (ih < 0 || ih >= inHeight) {
              colsT.fill(0, dst, dst + outWidth);
              dst += outWidth;
              continue;
            }
            const rowEnd = dst + outWidth;
            if (owStart > 0) colsT.fill(0, dst, dst + owStart);
            let src = b * imageSize + ih * rowStride + (owStart * sw + iwFirst) * ci + c;
            for (let o = dst + owStart, end = dst + owEnd; o < end; o++, src += step) colsT[o] = x[src]!;
            if (owEnd < outWidth) colsT.fill(0, dst + owEnd, rowEnd);
            dst = rowEnd;
          }
        }
      }
    }
  }
}
