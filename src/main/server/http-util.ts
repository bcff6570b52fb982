import type http from 'node:http';
import { fail, type ErrorCode, type Result } from '../../shared/result';

/** HTTP status of an answer, so curl users and proxies see failures too; the body always says why. */
export const STATUS_OF: Record<ErrorCode, number> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  unsupported: 501,
  io_error: 500,
  disk_full: 507,
  internal: 500,
  unauthorized: 401,
};

/** Headers every answer carries: no sniffing, and no Referer that could carry the token elsewhere. */
export const BASE_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...BASE_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendResult(res: http.ServerResponse, result: Result<unknown>): void {
  sendJson(res, result.ok ? 200 : STATUS_OF[result.error.code], result);
}

/** An error answer with an explicit status (403, 405, 413, 415 have no ErrorCode of their own). */
export function sendError(res: http.ServerResponse, status: number, code: ErrorCode, message: string, headers?: http.OutgoingHttpHeaders): void {
  sendJson(res, status, fail(code, message), headers);
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * After an early answer (401, 413) the client may still be sending its body. Reading a little more lets
 * it receive the answer instead of a connection reset; past `drainBytes` the socket is dropped.
 */
export function discardBody(req: http.IncomingMessage, drainBytes = 8 * 1024 * 1024): void {
  let seen = 0;
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > drainBytes) req.destroy();
  });
  req.resume();
}

/** The JSON body, or undefined when empty (methods without input); limits are enforced while reading. */
export async function readJsonBody(req: http.IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new HttpError(413, 'invalid_input', `request body: ${declared} bytes is over the ${maxBytes}-byte limit for API calls`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new HttpError(413, 'invalid_input', `request body: over the ${maxBytes}-byte limit for API calls`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/json\b/i.test(type)) {
    throw new HttpError(415, 'invalid_input', `request body: send JSON with content-type application/json (got ${type ? JSON.stringify(type) : 'none'})`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, 'invalid_input', `request body: not valid JSON (${(err as Error).message})`);
  }
}
