import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { AppError } from '../../shared/result';
import { describeOwner } from '../core/ownership/owner-info';
import { probeOwner } from '../core/ownership/owner-lock';
import { resolveDataPaths } from '../core/paths';
import { NodeLauncher } from '../core/scheduler/launcher-node';
import { Services } from '../core/services';
import { checkRemoteOptIn, REMOTE_EXPOSURE, startServer } from '../server/server';
import { defaultRendererDir, type GlobalOptions } from './api/connect';

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
      const globals = cmd.optsWithGlobals<GlobalOptions>();
      const { dataDir } = resolveDataPaths(globals);
      const probe = probeOwner(dataDir);
      if (probe.state === 'owned') {
        // Serving is owning: the owner already serves the same app on loopback, so point there.
        const api = probe.owner?.api;
        const who = probe.owner ? describeOwner(probe.owner) : 'another HParam Studio process';
        throw new AppError('conflict', `${dataDir} is in use by ${who}.${api ? ` It serves the app at ${api.url}/?token=${api.token}` : ''} Open that, or stop it first.`);
      }
      const services = new Services({ dataDir: globals.dataDir, db: globals.db, launcher: new NodeLauncher(), devices: true, owner: { kind: 'serve', command: 'hparam-studio serve' } });
      try {
        if (services.recovered.runs > 0) {
          process.stderr.write(`${services.recovered.runs} run(s) were left running when the previous owner stopped; resume their studies to continue from the last checkpoints.\n`);
        }
        const server = await startServer(services, { host: opts.host, port: opts.port, allowRemote: opts.allowRemote, rendererDir: defaultRendererDir() });
        // Other commands (a `run` in another shell) reach this owner through the same API.
        services.publishApi({ url: server.baseUrl, token: server.token });
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
      } finally {
        await services.close();
      }
    });
}
