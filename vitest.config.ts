import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The Electron shell's tests run it against a stand-in: the binary cannot be installed here, and a
  // unit test must not start a real Electron anyway (nothing else imports electron: see eslint.config.mjs).
  resolve: { alias: { electron: resolve('test/unit/main/electron/electron-stand-in.ts') } },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    // Native addons (better-sqlite3) and tfjs backends hold process-wide state: one process per file.
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // 2 cores here; integration tests spawn trainer processes of their own.
    maxWorkers: 2,
  },
});
