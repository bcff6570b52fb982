import { spawn, type ChildProcess } from 'node:child_process';
import { cliScript } from './temp-dir';

export interface CliProcess {
  proc: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the built CLI (`out/node/cli.js`) on a data directory, collecting what it prints. */
export function spawnCli(dataDir: string, args: string[], env: Record<string, string> = {}): CliProcess {
  const proc = spawn(process.execPath, [cliScript, '--data-dir', dataDir, ...args], {
    env: { ...process.env, CI: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('close', (code, signal) => resolve({ code, signal })));
  return { proc, output: () => out, exited };
}

/** Runs the CLI to its end. */
export async function runCli(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const p = spawnCli(dataDir, args, env);
  const { code } = await p.exited;
  return { code, output: p.output() };
}
