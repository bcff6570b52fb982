import type http from 'node:http';
import type { ApiEventBus } from '../core/api/event-bus';
import { BASE_HEADERS } from './http-util';

/** Proxies and idle-connection reapers drop silent streams; a comment line every so often keeps it open. */
const HEARTBEAT_MS = 15_000;

/**
 * Streams the contract's events as Server-Sent Events (`event: <name>`, `data: <json>`). The UI only
 * listens, and calls go over POST, so a one-way stream is all serve mode needs: EventSource reconnects
 * by itself and it is plain HTTP (no extra dependency, same token check as every other route).
 * Returns a function that ends the stream (server shutdown).
 */
export function openEventStream(req: http.IncomingMessage, res: http.ServerResponse, bus: ApiEventBus): () => void {
  res.writeHead(200, {
    ...BASE_HEADERS,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  // `retry` sets EventSource's reconnect delay; the comment flushes headers so the client sees 'open'.
  res.write('retry: 2000\n: connected\n\n');
  const off = bus.onAny((name, payload) => {
    res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    off();
    clearInterval(heartbeat);
    res.end();
  };
  req.on('close', end);
  res.on('error', end);
  return end;
}
