import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The repository root, found from here upwards (this file also runs bundled from out/scripts/ by the benchmarks). */
function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'scripts', 'build-node.mjs'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`cannot find the hparam-studio repository above ${from}`);
  }
}
const root = findRoot(__dirname);
export const cli = path.join(root, 'out', 'node', 'cli.js');

export interface ServedApp {
  url: string;
  baseUrl: string;
  token: string;
  dataDir: string;
  /** Calls the contract over HTTP, as the page does. */
  call<T = unknown>(method: string, input?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** Runs the CLI against a data directory (seeding studies and datasets the way a user would). */
export function runCli(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, '--data-dir', dataDir, ...args], { env: { ...process.env, CI: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`hparam-studio ${args.join(' ')} exited ${code}:\n${out}`))));
  });
}

/**
 * `hparam-studio serve` on a fresh data directory (or a given one), on a free loopback port. The test
 * talks to it exactly as a user's browser would: the printed URL carries the token.
 */
export async function serveApp(opts: { dataDir?: string; env?: Record<string, string> } = {}): Promise<ServedApp> {
  for (const built of [cli, path.join(root, 'out', 'renderer', 'index.html')]) {
    if (!fs.existsSync(built)) throw new Error(`${built} is missing: run 'npm run build' first (npm test does)`);
  }
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hps-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [cli, '--data-dir', dataDir, 'serve', '--port', '0', '--no-open'], {
    env: { ...process.env, CI: '1', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not print its URL in 30 s:\n${output}`)), 30_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`serve exited ${code}:\n${output}`)));
  });
  const parsed = new URL(url);
  const token = parsed.searchParams.get('token')!;
  const baseUrl = `${parsed.protocol}//${parsed.host}`;
  return {
    url,
    baseUrl,
    token,
    dataDir,
    async call<T>(method: string, input?: unknown): Promise<T> {
      const res = await fetch(`${baseUrl}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        // Methods without input take an empty body.
        body: input === undefined ? undefined : JSON.stringify(input),
      });
      const body = (await res.json()) as { ok: boolean; value?: T; error?: { message: string } };
      if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
      return body.value as T;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
