import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../shared/result';
import { checkRemoteOptIn, REMOTE_EXPOSURE, startServer } from '../server/server';
import { withServices, type GlobalOptions } from './context';

/** The built renderer, next to the CLI bundle (out/node/cli.js → out/renderer). */
function defaultRendererDir(): string {
  return process.env.HPS_RENDERER_DIR ?? path.resolve(__dirname, '..', 'renderer');
}

/** Best effort: a headless box has no browser, and the URL is printed anyway. */
function openInBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd as string, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // no opener on this machine
  }
}

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new AppError('invalid_input', `--port: expected 0..65535, got '${v}'`);
  return n;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the app to a browser on this machine: same studies as the desktop app, behind a random token')
    .option('--port <n>', 'port (default: a free one)', parsePort, 0)
    .option('--host <address>', 'interface to bind (default 127.0.0.1; anything else needs --allow-remote)', '127.0.0.1')
    .option('--allow-remote', 'serve to the network (needed for a --host beyond loopback): the API then reaches only uploaded files and the data folder, and exports are downloaded')
    .option('--no-open', 'do not open a browser')
    .action(async (opts: { port: number; host: string; allowRemote?: boolean; open: boolean }, cmd: Command) => {
      checkRemoteOptIn(opts.host, opts.allowRemote); // before the data folder is opened
      await withServices(cmd.optsWithGlobals<GlobalOptions>(), async (services) => {
        const server = await startServer(services, { host: opts.host, port: opts.port, allowRemote: opts.allowRemote, rendererDir: defaultRendererDir() });
        if (opts.allowRemote) process.stderr.write(`\nOPEN TO THE NETWORK on ${opts.host} (--allow-remote): ${REMOTE_EXPOSURE}.\n\n`);
        process.stdout.write(`HParam Studio is being served at:\n\n  ${server.url}\n\nData: ${services.paths.dataDir}\nPress Ctrl-C to stop (running trials are stopped and resume from their last checkpoint next time).\n`);
        if (opts.open) openInBrowser(server.url);
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            process.stdout.write('\nStopping…\n');
            resolve();
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
        await server.close();
      });
    });
}
