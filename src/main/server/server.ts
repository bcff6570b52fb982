import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { httpRoute, isApiMethod } from '../../shared/contract';
import { AppError } from '../../shared/result';
import { createApiContext } from '../core/api/context';
import { dispatch } from '../core/api/dispatch';
import type { Services } from '../core/services';
import { allowedHostHeaders, bearerToken, checkHostAndOrigin, cookieValue, hostForUrl, isLoopbackHost, newToken, tokensEqual } from './auth';
import { sendExportZip } from './export-download';
import { discardBody, HttpError, readJsonBody, sendError, sendJson, sendResult } from './http-util';
import { openEventStream } from './sse';
import { serveStatic } from './static-files';
import { receiveUpload } from './upload';

export interface ServerOptions {
  /** Interface to bind; loopback unless the user asks otherwise (which needs allowRemote). */
  host?: string;
  /**
   * Serve to the network: required to bind anything but loopback, and it confines the API's file
   * access to the uploads and the data folder, exports handed out as downloads (ApiContext.access).
   */
  allowRemote?: boolean;
  /** 0 picks a free port. */
  port?: number;
  /** Default: 32 random bytes, new at every start. */
  token?: string;
  /** The built renderer (out/renderer); a short "not built" page is served when it is missing. */
  rendererDir: string;
  maxJsonBytes?: number;
  maxUploadBytes?: number;
  /** Bytes all uploads waiting for (or failed at) import may hold together. */
  maxUploadTotalBytes?: number;
  /** How long an upload stays after a failed import or without one (0: removed at once). */
  uploadGraceMs?: number;
  /** More names the Host header may carry (e.g. the machine's DNS name when bound to a LAN address). */
  allowedHosts?: string[];
}

export interface RunningServer {
  /** Open this: it carries the token. */
  url: string;
  baseUrl: string;
  host: string;
  port: number;
  token: string;
  loopback: boolean;
  /** Event streams open now (each registered on the event bus, so it misses nothing from here on). */
  eventStreams(): number;
  /** Ends event streams and connections; the services stay open (their owner closes them). */
  close(): Promise<void>;
}

const MB = 1024 * 1024;

/** What a server open to the network exposes, in the words the CLI prints and the refusal points to. */
export const REMOTE_EXPOSURE =
  'anyone who reaches this port and has the token can start trainings (processes on this machine), read every study, import files they upload and download exports; the API reads and writes no file outside the uploads and the data folder; plain HTTP, so the token crosses the network unencrypted';

/** Binding beyond loopback is an explicit choice: refused unless `allowRemote` says so. */
export function checkRemoteOptIn(host: string, allowRemote: boolean | undefined): void {
  if (!isLoopbackHost(host) && !allowRemote) {
    throw new AppError('invalid_input', `--host ${host}: not loopback, so the app would be open to the network (${REMOTE_EXPOSURE}); add --allow-remote to confirm`);
  }
}

/**
 * Serve mode: the built renderer plus the contract over HTTP on one port. Every /api request needs the
 * token (Bearer header; `?token=` on GETs, since EventSource cannot set headers); the page itself
 * needs it once in its URL and then rides on a cookie that only unlocks static files, never the API,
 * so another site cannot make the browser act with it.
 */
export async function startServer(services: Services, opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? newToken();
  const maxJsonBytes = opts.maxJsonBytes ?? MB;
  const maxUploadBytes = opts.maxUploadBytes ?? 2 * 1024 * MB;
  checkRemoteOptIn(host, opts.allowRemote);
  // The opt-in, not the address, decides: a loopback port forwarded to the network (ssh -R, a reverse
  // proxy) gets the same confinement with --allow-remote.
  const access = opts.allowRemote ? 'confined' : 'local';
  const ctx = createApiContext(services, { access, uploadQuotaBytes: opts.maxUploadTotalBytes, uploadGraceMs: opts.uploadGraceMs });
  ctx.uploads.startSweeping();
  const streams = new Set<() => void>();
  let allowedHosts: Set<string> | null = null;
  let cookieName = 'hps_token';

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const given = bearerToken(req) ?? (req.method === 'GET' ? url.searchParams.get('token') : null);
    if (!tokensEqual(given, token)) {
      discardBody(req);
      return sendError(res, 401, 'unauthorized', 'token: missing or wrong; open the URL `hparam-studio serve` printed (it carries the token)', { connection: 'close' });
    }
    if (url.pathname === httpRoute.events) {
      if (req.method !== 'GET') return sendError(res, 405, 'invalid_input', `${httpRoute.events}: use GET`, { allow: 'GET' });
      const end = openEventStream(req, res, ctx.events);
      streams.add(end);
      req.on('close', () => streams.delete(end));
      return;
    }
    if (url.pathname.startsWith(httpRoute.exportDownloadPrefix)) return sendExportZip(req, res, url, path.join(services.paths.dataDir, 'exports'));
    if (req.method !== 'POST') {
      discardBody(req);
      return sendError(res, 405, 'invalid_input', `${url.pathname}: use POST`, { allow: 'POST' });
    }
    if (url.pathname === httpRoute.upload) {
      return sendJson(res, 200, { ok: true, value: await receiveUpload(req, url.searchParams, { area: ctx.uploads, maxBytes: maxUploadBytes }) });
    }
    const method = decodeURIComponent(url.pathname.slice('/api/'.length));
    if (!isApiMethod(method)) {
      discardBody(req);
      return sendError(res, 404, 'not_found', `method: unknown API method ${JSON.stringify(method)}`);
    }
    sendResult(res, await dispatch(method, await readJsonBody(req, maxJsonBytes), ctx));
  }

  // Plain but styled: a person lands here from a stale bookmark and should see at once what to do.
  const TOKEN_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>HParam Studio: token needed</title>
<style>
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #f6f7f9; color: #1d232b;
    font: 14px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', sans-serif; }
  main { max-width: 440px; margin: 24px; padding: 24px 28px; background: #fff; border: 1px solid #e1e4e8; border-radius: 10px;
    box-shadow: 0 1px 2px rgb(16 24 40 / 6%), 0 4px 12px rgb(16 24 40 / 8%); }
  h1 { margin: 0 0 8px; font-size: 17px; font-weight: 600; }
  p { margin: 0; color: #3b4450; }
  code { font: 12.5px ui-monospace, 'SF Mono', Menlo, Consolas, monospace; background: #f1f3f5; padding: 1px 5px; border-radius: 4px; white-space: nowrap; }
</style>
<main><h1>HParam Studio</h1><p>This address needs its access token: open the full URL (with <code>?token=…</code>) that <code>hparam-studio serve</code> printed.</p></main></html>`;

  function handlePage(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    const fromQuery = url.searchParams.get('token');
    if (tokensEqual(fromQuery, token)) {
      // SameSite=Strict: other sites' pages never send it; HttpOnly: scripts never read it.
      const cookie = `${cookieName}=${token}; Path=/; HttpOnly; SameSite=Strict`;
      return serveStatic(req, res, opts.rendererDir, url.pathname, { 'set-cookie': cookie });
    }
    if (tokensEqual(cookieValue(req, cookieName), token)) return serveStatic(req, res, opts.rendererDir, url.pathname, {});
    res.writeHead(401, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(TOKEN_PAGE);
  }

  const server = http.createServer((req, res) => {
    const refused = checkHostAndOrigin(req, allowedHosts);
    if (refused) {
      discardBody(req);
      return sendError(res, 403, 'unauthorized', refused, { connection: 'close' });
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const handling = url.pathname.startsWith('/api/') ? handleApi(req, res, url) : Promise.resolve(handlePage(req, res, url));
    handling.catch((err: unknown) => {
      if (err instanceof HttpError) {
        discardBody(req);
        return sendError(res, err.status, err.code, err.message, err.status === 413 ? { connection: 'close' } : {});
      }
      console.error(`[serve] ${req.method} ${url.pathname} failed:`, err);
      sendError(res, 500, 'internal', `${url.pathname}: ${err instanceof Error ? err.message : String(err)}`);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = allowedHostHeaders(host, port, opts.allowedHosts);
  // Browsers share cookies across ports of one host; the port in the name keeps two servers apart.
  cookieName = `hps_token_${port}`;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : hostForUrl(host);
  const baseUrl = `http://${urlHost}:${port}`;

  return {
    url: `${baseUrl}/?token=${token}`,
    baseUrl,
    host,
    port,
    token,
    loopback: isLoopbackHost(host),
    eventStreams: () => streams.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const end of streams) end();
        streams.clear();
        ctx.dispose();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
