import { defineConfig } from 'vitest/config';

export default defineConfig({
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
