import path from 'node:path';
import { AppError } from '../../../shared/result';
import { describeOwner, type OwnerInfo } from '../../core/ownership/owner-info';
import { probeOwner } from '../../core/ownership/owner-lock';
import { resolveDataPaths } from '../../core/paths';
import { NodeLauncher } from '../../core/scheduler/launcher-node';
import { Services } from '../../core/services';
import { startServer } from '../../server/server';
import type { CliApi } from './cli-api';
import { localApi } from './local-api';
import { remoteApi } from './remote-api';

export interface GlobalOptions {
  db?: string;
  dataDir?: string;
}

/** How long to wait for a live owner to publish where its API listens (it does so right after starting). */
const API_WAIT_MS = 10_000;

/** The built renderer, next to the CLI bundle (out/node/cli.js → out/renderer). */
export function defaultRendererDir(): string {
  return process.env.HPS_RENDERER_DIR ?? path.resolve(__dirname, '..', 'renderer');
}

/**
 * For commands that only look (list, show, datasets): the database opened read-only, in this process,
 * whoever owns the data directory. Nothing is written, so it works beside a running owner, on a
 * read-only file system and on a 0444 database.
 */
export function openReader(opts: GlobalOptions): CliApi {
  return localApi(Services.reader({ dataDir: opts.dataDir, db: opts.db }));
}

/**
 * For commands that change state. When another process owns the data directory (the desktop app, serve
 * mode, another `run`), the command goes to it over its API; otherwise this process becomes the owner
 * for the command's lifetime: it recovers what a dead owner left, and listens on loopback itself so
 * that other commands can reach it in turn.
 */
export async function openWriter(opts: GlobalOptions, command: string): Promise<CliApi> {
  const { dataDir } = resolveDataPaths({ dataDir: opts.dataDir, db: opts.db });
  for (let attempt = 0; attempt < 3; attempt++) {
    const probe = probeOwner(dataDir);
    if (probe.state === 'owned') return remoteApi(await ownerWithApi(probe.owner, dataDir), dataDir);
    try {
      return await becomeOwner(opts, command);
    } catch (err) {
      // Another process took ownership between the probe and our attempt: talk to it instead.
      if (err instanceof AppError && err.code === 'conflict' && /is in use by/.test(err.message)) continue;
      throw err;
    }
  }
  throw new AppError('conflict', `${dataDir}: ownership keeps changing hands; try again`);
}

async function becomeOwner(opts: GlobalOptions, command: string): Promise<CliApi> {
  const services = new Services({ dataDir: opts.dataDir, db: opts.db, launcher: new NodeLauncher(), owner: { kind: 'cli', command } });
  try {
    if (services.recovered.runs > 0) {
      process.stderr.write(
        `${services.recovered.runs} run(s) were left running when the previous owner of this data directory stopped; ${services.recovered.interrupted} of them continue from their last checkpoint with 'hparam-studio resume <study>'.\n`,
      );
    }
    const server = await startServer(services, { rendererDir: defaultRendererDir() });
    services.publishApi({ url: server.baseUrl, token: server.token });
    return localApi(services, async () => {
      await server.close();
      await services.close();
    });
  } catch (err) {
    await services.close();
    throw err;
  }
}

async function ownerWithApi(owner: OwnerInfo | null, dataDir: string): Promise<OwnerInfo & { api: NonNullable<OwnerInfo['api']> }> {
  const until = Date.now() + API_WAIT_MS;
  let info = owner;
  while (!info?.api && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    const probe = probeOwner(dataDir);
    if (probe.state === 'none') throw new AppError('conflict', `${dataDir}: its owner stopped while this command waited for it; run the command again`);
    info = probe.owner;
  }
  if (!info?.api) {
    const who = info ? describeOwner(info) : 'another HParam Studio process';
    throw new AppError('conflict', `${dataDir} is owned by ${who}, which does not take commands from other processes. Use it directly, or stop it first.`);
  }
  return info as OwnerInfo & { api: NonNullable<OwnerInfo['api']> };
}
