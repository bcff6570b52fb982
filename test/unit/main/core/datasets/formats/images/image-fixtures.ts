import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

export type Pixel = (x: number, y: number) => [number, number, number];

/** Gray value g at every pixel, as an RGB triple. */
export const gray = (f: (x: number, y: number) => number): Pixel => (x, y) => {
  const g = f(x, y);
  return [g, g, g];
};

function rgba(width: number, height: number, pixel: Pixel): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      data.set([r, g, b, 255], (y * width + x) * 4);
    }
  }
  return data;
}

export function pngBytes(width: number, height: number, pixel: Pixel, colorType: 0 | 2 | 6 = 6): Buffer {
  const png = new PNG({ width, height });
  png.data = rgba(width, height, pixel);
  return PNG.sync.write(png, { colorType });
}

export function jpegBytes(width: number, height: number, pixel: Pixel): Buffer {
  return jpeg.encode({ width, height, data: rgba(width, height, pixel) }, 100).data;
}
