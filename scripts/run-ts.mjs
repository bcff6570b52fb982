// Runs a TypeScript script (benchmarks, one-off tools) in plain Node: bundles it with esbuild into
// out/scripts/ (dependencies external, like the app's own bundles) and runs it with the given args.
//   node scripts/run-ts.mjs bench/import-throughput.ts [args…]
import { spawn } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <file.ts> [args…]');
  process.exit(2);
}
const outfile = path.join('out', 'scripts', `${path.basename(entry, '.ts')}.cjs`);
await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', sourcemap: 'inline', logLevel: 'warning' });
const child = spawn(process.execPath, ['--enable-source-maps', '--expose-gc', outfile, ...args], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
