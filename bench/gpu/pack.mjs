// Packs the GPU check for a machine without this project's node_modules (a fresh GPU box, no internet):
// the check bundled into one file, with the few packages it loads at run time beside it (tfjs and its
// backends, kept out of the bundle so tfjs-backend-webgpu and the rest share one tfjs-core; Dawn's
// binding for this platform only). About 30 MB; bench/gpu-check.sh runs it.
//   node bench/gpu/pack.mjs [outDir=out/gpu-check] [platform-arch=linux-x64]
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const out = path.resolve(process.argv[2] ?? 'out/gpu-check');
const target = process.argv[3] ?? `${process.platform === 'darwin' ? 'darwin-universal' : `${process.platform}-${process.arch}`}`;
const modules = path.resolve('node_modules');

/** Package files the check loads: package.json plus these (relative to the package). */
const KEEP = {
  '@tensorflow/tfjs-core': ['dist/tf-core.node.js'],
  '@tensorflow/tfjs-layers': ['dist/tf-layers.node.js'],
  '@tensorflow/tfjs-backend-cpu': ['dist/tf-backend-cpu.node.js'],
  '@tensorflow/tfjs-backend-wasm': ['dist/tf-backend-wasm.node.js', 'dist/tfjs-backend-wasm.wasm', 'dist/tfjs-backend-wasm-simd.wasm'],
  '@tensorflow/tfjs-backend-webgpu': ['dist/tf-backend-webgpu.node.js'],
  seedrandom: ['index.js', 'seedrandom.js', 'lib'],
  webgpu: ['index.js', `dist/${target}`],
};

fs.rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: ['bench/gpu-check.ts'],
  outfile: path.join(out, 'gpu-check.cjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: Object.keys(KEEP),
  logLevel: 'warning',
});
for (const [pkg, files] of Object.entries(KEEP)) {
  const from = path.join(modules, pkg);
  if (!fs.existsSync(from)) throw new Error(`${from} is missing: run npm install (it is an optional dependency) before packing`);
  for (const f of ['package.json', ...files]) fs.cpSync(path.join(from, f), path.join(out, 'node_modules', pkg, f), { recursive: true });
}
let bytes = 0;
const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : (bytes += fs.statSync(path.join(d, e.name)).size)));
walk(out);
console.log(`packed the GPU check for ${target} into ${path.relative(process.cwd(), out)} (${(bytes / 2 ** 20).toFixed(1)} MiB)`);
