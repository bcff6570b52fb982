import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';

/**
 * electron-vite picks its build targets (node22.x for main/preload, chrome140 for the renderer with
 * Electron 38) from node_modules/electron/package.json and throws when that file is missing. Electron is
 * an optionalDependency that offline installs drop, and the build itself needs no binary, so when the
 * package is absent we give electron-vite the major version package.json asks for.
 */
function ensureElectronMajorVersion(): void {
  if (process.env.ELECTRON_MAJOR_VER) return;
  try {
    createRequire(resolve('package.json')).resolve('electron/package.json');
    return; // installed: electron-vite reads the real version
  } catch {
    const pkg = JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    const range = pkg.optionalDependencies?.electron ?? pkg.devDependencies?.electron ?? pkg.dependencies?.electron;
    const major = range ? /(\d+)/.exec(range)?.[1] : undefined;
    if (!major) throw new Error('package.json: no electron version range to build for');
    process.env.ELECTRON_MAJOR_VER = major;
  }
}

ensureElectronMajorVersion();

export default defineConfig({
  main: {
    build: {
      // Runtime dependencies stay in node_modules: better-sqlite3 is a native addon, and
      // tfjs-backend-wasm loads its .wasm files relative to its own location. The tfjs-node and
      // webgpu backends are optional and required lazily by the trainer, so they must stay external too.
      externalizeDeps: { include: ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-backend-webgpu', 'webgpu'] },
      rolldownOptions: {
        input: {
          index: resolve('src/main/electron/index.ts'),
          // The utility-process entry: one trainer per trial (see launcher-electron.ts).
          trainer: resolve('src/trainer/entry.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only 'electron' and a few built-ins, so everything it
      // imports is bundled in, and it must be CommonJS: sandboxed preloads cannot be ES modules.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    plugins: [svelte()],
    build: {
      rolldownOptions: { input: resolve('src/renderer/index.html') },
    },
  },
});
