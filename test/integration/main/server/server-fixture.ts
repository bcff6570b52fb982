import http from 'node:http';
import { NodeLauncher } from '../../../../src/main/core/scheduler/launcher-node';
import { Services } from '../../../../src/main/core/services';
import { startServer, type RunningServer, type ServerOptions } from '../../../../src/main/server/server';
import { assertBuilt, trainerScript } from '../../../helpers/temp-dir';
import { SseParser } from '../../../../src/main/cli/api/sse-parser';

export interface Served {
  services: Services;
  server: RunningServer;
  /** POST with the right token unless `headers` say otherwise; `json` is loose so tests can dig into any answer. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  post(route: string, body?: string, headers?: Record<string, string>): Promise<{ status: number; json: any }>;
  close(): Promise<void>;
}

/** Real services and a real server on 127.0.0.1 with a free port. */
export async function serve(dataDir: string, opts: Partial<ServerOptions> = {}): Promise<Served> {
  assertBuilt();
  const services = new Services({ dataDir, launcher: new NodeLauncher(trainerScript), concurrency: 1 });
  const server = await startServer(services, { rendererDir: `${dataDir}/no-renderer`, ...opts });
  return {
    services,
    server,
    post: async (route: string, body?: string, headers: Record<string, string> = {}) => {
      const response = await fetch(`${server.baseUrl}${route}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        body,
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
      return { status: response.status, json };
    },
    close: async () => {
      await server.close();
      await services.close();
    },
  };
}

/** node:http, because fetch will not send a Host header of our choosing. */
export function rawRequest(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

export interface SseEvent {
  event: string;
  data: unknown;
}

/**
 * Reads an SSE stream with fetch (Node 20 has no EventSource) until `until` is satisfied. `connected`
 * resolves when the server's `: connected` marker arrives: from then on no event can be missed, so a
 * test starts what it watches only after it.
 */
export function collectEvents(url: string, until: (events: SseEvent[]) => boolean, timeoutMs = 90_000): { connected: Promise<void>; events: Promise<SseEvent[]> } {
  let markConnected!: () => void;
  let failConnected!: (err: unknown) => void;
  const connected = new Promise<void>((resolve, reject) => {
    markConnected = resolve;
    failConnected = reject;
  });
  const events = (async () => {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    const seen: SseEvent[] = [];
    try {
      const response = await fetch(url, { signal: abort.signal });
      if (response.status !== 200 || !response.body) throw new Error(`SSE answered ${response.status}: ${await response.text()}`);
      const decoder = new TextDecoder();
      const parser = new SseParser();
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        for (const item of parser.push(decoder.decode(chunk, { stream: true }))) {
          if (item.kind === 'comment' && item.text === 'connected') markConnected();
          else if (item.kind === 'event') seen.push({ event: item.event, data: JSON.parse(item.data) });
        }
        if (until(seen)) return seen;
      }
      throw new Error('SSE stream ended early');
    } catch (err) {
      const error = abort.signal.aborted ? new Error(`timed out after ${timeoutMs} ms; got ${seen.map((e) => e.event).join(', ')}`) : err;
      failConnected(error);
      throw error;
    } finally {
      clearTimeout(timer);
      abort.abort();
    }
  })();
  // A failure reaches the caller through `events`; `connected` must not also reject unheard.
  connected.catch(() => undefined);
  return { connected, events };
}
