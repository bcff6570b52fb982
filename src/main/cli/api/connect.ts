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
  /** Redis for remote workers (`--redis` of run / resume / workers), for this process as the owner. */
  redisUrl?: string;
}

/** How long to wait for a live owner to publish where its API listens (it does so right after starting). */
const API_WAIT_MS = 10_000;
/** How long ownership may take to change hands (an owner closing down) before a command gives up. */
const HANDOVER_MS = 15_000;

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
  return localApi(Services.reader({ dataDir: opts.dataDir, db: opts.db, redisUrl: opts.redisUrl }));
}

/**
 * For commands that change state. When another process owns the data directory (the desktop app, serve
 * mode, another `run`), the command goes to it over its API; otherwise this process becomes the owner
 * for the command's lifetime: it recovers what a dead owner left, and listens on loopback itself so
 * that other commands can reach it in turn.
 */
export async function openWriter(opts: GlobalOptions, command: string): Promise<CliApi> {
  const { dataDir } = resolveDataPaths({ dataDir: opts.dataDir, db: opts.db });
  const until = Date.now() + HANDOVER_MS;
  for (;;) {
    const probe = probeOwner(dataDir);
    try {
      if (probe.state === 'owned') return await remoteApi(await ownerWithApi(probe.owner, dataDir), dataDir);
      return await becomeOwner(opts, command);
    } catch (err) {
      // Ownership changing hands: an owner closing down (its API gone, its lock not yet released), or
      // another process taking it between our probe and our attempt. Ask again, for a while.
      const handover = err instanceof AppError && (err.code === 'io_error' || (err.code === 'conflict' && /is in use by/.test(err.message)));
      if (!handover || Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function becomeOwner(opts: GlobalOptions, command: string): Promise<CliApi> {
  const services = new Services({ dataDir: opts.dataDir, db: opts.db, redisUrl: opts.redisUrl, launcher: new NodeLauncher(), devices: true, owner: { kind: 'cli', command } });
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
