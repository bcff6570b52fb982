import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/** A fresh temporary directory per test, removed afterwards (tests never share a data dir). */
export function useTempDir(prefix = 'hps-test-'): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    dirs.push(d);
    return d;
  };
}

export const repoRoot = path.resolve(__dirname, '..', '..');
/** Built by `npm run build:node` (npm test runs it first). */
export const trainerScript = path.join(repoRoot, 'out', 'node', 'trainer.js');
export const cliScript = path.join(repoRoot, 'out', 'node', 'cli.js');

export function assertBuilt(): void {
  if (!fs.existsSync(trainerScript) || !fs.existsSync(cliScript)) {
    throw new Error(`${trainerScript} is missing: run 'npm run build:node' (npm test does it first)`);
  }
}

export async function waitFor<T>(what: string, fn: () => T | undefined | null | false, timeoutMs = 60_000, everyMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** waitFor for a condition that takes a round trip (Redis, a CLI command) to check. */
export async function waitForAsync<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 60_000, everyMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
