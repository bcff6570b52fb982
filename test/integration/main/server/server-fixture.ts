import http from 'node:http';
import { NodeLauncher } from '../../../../src/main/core/scheduler/launcher-node';
import { Services } from '../../../../src/main/core/services';
import { startServer, type RunningServer, type ServerOptions } from '../../../../src/main/server/server';
import { assertBuilt, trainerScript } from '../../../helpers/temp-dir';

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

/** Reads an SSE stream with fetch (Node 20 has no EventSource) until `until` is satisfied. */
export async function collectEvents(url: string, until: (events: SseEvent[]) => boolean, timeoutMs = 90_000): Promise<SseEvent[]> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const events: SseEvent[] = [];
  try {
    const response = await fetch(url, { signal: abort.signal });
    if (response.status !== 200 || !response.body) throw new Error(`SSE answered ${response.status}: ${await response.text()}`);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
      if (until(events)) return events;
    }
    throw new Error('SSE stream ended early');
  } catch (err) {
    if (abort.signal.aborted) throw new Error(`timed out after ${timeoutMs} ms; got ${events.map((e) => e.event).join(', ')}`);
    throw err;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}
