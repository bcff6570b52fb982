// `npm start`: build and open the desktop app. Electron is an optionalDependency whose postinstall
// downloads the binary; offline installs drop it, so without a binary the same app is served to a
// browser instead (serve mode). Exit codes pass through either way.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The Electron binary path, or null. require('electron') returns that path (a string) in plain Node. */
function electronBinary() {
  try {
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null; // package missing, or installed without its binary (path.txt absent)
  }
}

/** Runs a command with inherited stdio; resolves with its exit code (1 when killed by a signal). */
function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', cwd: root, ...options });
    child.on('error', (err) => {
      console.error(`${command}: ${err.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

// The package's exports map hides bin/, so locate it from package.json.
const electronVite = () => path.join(path.dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');

async function main() {
  const node = process.execPath;
  const binary = electronBinary();
  if (binary) {
    const built = await run(node, [electronVite(), 'build']);
    if (built !== 0) return built;
    // ELECTRON_RUN_AS_NODE inherited from a parent tool would start Node instead of the app.
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE;
    return run(binary, ['.'], { env });
  }
  console.log('Electron is not installed (offline install?): serving HParam Studio to your browser instead.');
  const builtNode = await run(node, ['scripts/build-node.mjs']);
  if (builtNode !== 0) return builtNode;
  if (!existsSync(path.join(root, 'out', 'renderer', 'index.html'))) {
    const builtRenderer = await run(node, [electronVite(), 'build']);
    if (builtRenderer !== 0) return builtRenderer;
  }
  // Ctrl-C reaches the server too (same process group); it stops trials cleanly and exits.
  process.on('SIGINT', () => undefined);
  return run(node, ['out/node/cli.js', 'serve', ...process.argv.slice(2)]);
}

process.exitCode = await main();
