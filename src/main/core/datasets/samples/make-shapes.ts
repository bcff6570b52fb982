import { hashInts, mulberry32, normalSource, shuffleInPlace, type Rng } from '../../search/prng';

export const SHAPE_CLASSES = ['circle', 'square', 'triangle', 'cross'] as const;
/**
 * Four other shapes drawn the same way: the small set a model pre-trained on SHAPE_CLASSES fine-tunes
 * on (related strokes and sizes, new classes), for the transfer-learning example.
 */
export const NEW_SHAPE_CLASSES = ['ring', 'diamond', 'diagonal_cross', 'double_bar'] as const;
type ShapeName = (typeof SHAPE_CLASSES)[number] | (typeof NEW_SHAPE_CLASSES)[number];

export interface ShapesOptions {
  nPerClass?: number;
  size?: number;
  /** Std of the Gaussian pixel noise (images are in [0, 1]). */
  noise?: number;
  seed?: number;
  /** Which shapes, one class each (default SHAPE_CLASSES). */
  classes?: readonly ShapeName[];
}

export interface ImageSample {
  /** Row-major N × size × size × 1 in [0, 1]. */
  x: Float32Array;
  y: Float32Array;
  count: number;
  size: number;
}

type Inside = (dx: number, dy: number, r: number) => boolean;

/** Whether pixel offset (dx, dy) from the shape's centre is ink, for a shape of half-size r. */
const INSIDE: Record<ShapeName, Inside> = {
  circle: (dx, dy, r) => dx * dx + dy * dy <= r * r,
  square: (dx, dy, r) => Math.abs(dx) <= r * 0.8 && Math.abs(dy) <= r * 0.8,
  // Apex up, base down: the row's half-width grows linearly from 0 at the top to r at the bottom.
  triangle: (dx, dy, r) => dy >= -r && dy <= r && Math.abs(dx) <= (dy + r) / 2,
  cross: (dx, dy, r) => (Math.abs(dx) <= r * 0.25 && Math.abs(dy) <= r) || (Math.abs(dy) <= r * 0.25 && Math.abs(dx) <= r),
  ring: (dx, dy, r) => dx * dx + dy * dy <= r * r && dx * dx + dy * dy >= (r * 0.55) ** 2,
  diamond: (dx, dy, r) => Math.abs(dx) + Math.abs(dy) <= r,
  // The cross turned 45°: two diagonal strokes of the same width.
  diagonal_cross: (dx, dy, r) => Math.abs(dx) <= r && Math.abs(dy) <= r && (Math.abs(dx - dy) <= r * 0.35 || Math.abs(dx + dy) <= r * 0.35),
  double_bar: (dx, dy, r) => Math.abs(dx) <= r && (Math.abs(dy - r * 0.55) <= r * 0.22 || Math.abs(dy + r * 0.55) <= r * 0.22),
};

function drawShape(out: Float32Array, offset: number, size: number, inside: Inside, rng: Rng, normal: () => number, noise: number): void {
  const r = 3 + rng() * (size / 2 - 4); // half-size 3..size/2-1: big enough to have a recognisable outline
  const margin = Math.ceil(r);
  const cx = margin + rng() * (size - 1 - 2 * margin);
  const cy = margin + rng() * (size - 1 - 2 * margin);
  const ink = 0.6 + 0.4 * rng();
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const v = (inside(px - cx, py - cy, r) ? ink : 0) + noise * normal();
      out[offset + py * size + px] = Math.min(1, Math.max(0, v));
    }
  }
}

/** Small grayscale image set for the CNN template: four shapes at random places and sizes, with noise. */
export function makeShapesImages(options: ShapesOptions = {}): ImageSample {
  const { nPerClass = 200, size = 16, noise = 0.08, seed = 0, classes = SHAPE_CLASSES } = options;
  const rng = mulberry32(hashInts(seed, 0x5a9e5));
  const normal = normalSource(rng);
  const labels = shuffleInPlace(
    Array.from({ length: nPerClass * classes.length }, (_, i) => i % classes.length),
    rng,
  );
  const pixels = size * size;
  const x = new Float32Array(labels.length * pixels);
  labels.forEach((label, i) => drawShape(x, i * pixels, size, INSIDE[classes[label]!], rng, normal, noise));
  return { x, y: Float32Array.from(labels), count: labels.length, size };
}
