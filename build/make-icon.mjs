// Draws build/icon.png (512×512, what electron-builder turns into .icns/.ico/Linux icons): parallel
// coordinates, the plot a tuning study is read with, on a rounded square. Shapes are signed distance
// fields, so edges are anti-aliased without a canvas library. Run: node build/make-icon.mjs
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const SIZE = 512;

const hex = (h, alpha = 1) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16), alpha];
const clamp01 = (v) => Math.min(1, Math.max(0, v));
/** Coverage of a pixel by a shape whose signed distance (negative inside) is `d`. */
const coverage = (d) => clamp01(0.5 - d);

function roundedSquareDistance(x, y, inset, radius) {
  const half = SIZE / 2 - inset;
  const qx = Math.abs(x - SIZE / 2) - (half - radius);
  const qy = Math.abs(y - SIZE / 2) - (half - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

function segmentDistance(x, y, [ax, ay], [bx, by]) {
  const t = clamp01(((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2));
  return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay)));
}

const axesX = [136, 216, 296, 376];
const axis = { top: 120, bottom: 392 };
// Each trial crosses every axis at its value; the gold one is the best trial.
const trials = [
  { ys: [330, 180, 300, 210], color: hex('#ffffff', 0.45), width: 8 },
  { ys: [170, 340, 230, 350], color: hex('#9ad0ff', 0.8), width: 8 },
  { ys: [250, 150, 350, 160], color: hex('#ffd166'), width: 14, dots: 15 },
];

/** Layers, back to front: each returns [r, g, b, a] coverage-weighted for the pixel centre (x, y). */
const layers = [
  (x, y) => {
    const t = y / SIZE;
    const top = hex('#1b2f5e');
    const bottom = hex('#2f6fde');
    const rgb = top.slice(0, 3).map((c, i) => c + (bottom[i] - c) * t);
    return [...rgb, coverage(roundedSquareDistance(x, y, 16, 96))];
  },
  ...axesX.map((ax) => (x, y) => [255, 255, 255, 0.3 * coverage(segmentDistance(x, y, [ax, axis.top], [ax, axis.bottom]) - 3)]),
  ...trials.map((trial) => (x, y) => {
    let d = Infinity;
    for (let i = 0; i + 1 < axesX.length; i++) {
      d = Math.min(d, segmentDistance(x, y, [axesX[i], trial.ys[i]], [axesX[i + 1], trial.ys[i + 1]]) - trial.width / 2);
    }
    if (trial.dots) for (let i = 0; i < axesX.length; i++) d = Math.min(d, Math.hypot(x - axesX[i], y - trial.ys[i]) - trial.dots);
    return [...trial.color.slice(0, 3), trial.color[3] * coverage(d)];
  }),
];

function render() {
  const rgba = Buffer.alloc(SIZE * SIZE * 4);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (const layer of layers) {
        const [lr, lg, lb, la] = layer(x + 0.5, y + 0.5);
        if (la <= 0) continue;
        // "over" compositing with straight (non-premultiplied) alpha
        const outA = la + a * (1 - la);
        r = (lr * la + r * a * (1 - la)) / outA;
        g = (lg * la + g * a * (1 - la)) / outA;
        b = (lb * la + b * a * (1 - la)) / outA;
        a = outA;
      }
      rgba.set([Math.round(r), Math.round(g), Math.round(b), Math.round(a * 255)], (y * SIZE + x) * 4);
    }
  }
  return rgba;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng(rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, no filter method choice, no interlace
  const rows = [];
  for (let y = 0; y < SIZE; y++) rows.push(Buffer.from([0]), rgba.subarray(y * SIZE * 4, (y + 1) * SIZE * 4)); // filter: none
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'icon.png');
writeFileSync(out, encodePng(render()));
console.log(`wrote ${out}`);
