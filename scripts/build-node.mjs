// Builds the plain-Node entry points (CLI and trainer process) that tests, the CLI and serve mode
// run without Electron. Dependencies stay external: tfjs-backend-wasm finds its .wasm files relative
// to its own files, and better-sqlite3 is a native addon.
import { build } from 'esbuild';

await build({
  entryPoints: { cli: 'src/main/cli.ts', trainer: 'src/trainer/entry.ts' },
  outdir: 'out/node',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
