import { randomBytes, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';

/** 32 random bytes as hex: the serve-mode access token, new at every start. */
export function newToken(): string {
  return randomBytes(32).toString('hex');
}

/** Constant-time, so the token cannot be guessed byte by byte from response times. */
export function tokensEqual(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  // Lengths leak nothing: every token has the same length.
  return a.length === b.length && timingSafeEqual(a, b);
}

export function bearerToken(req: http.IncomingMessage): string | null {
  const header = req.headers.authorization;
  const m = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return m?.[1] ?? null;
}

export function cookieValue(req: http.IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'];
export const isLoopbackHost = (host: string): boolean => LOOPBACK_HOSTS.includes(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
const isWildcardHost = (host: string): boolean => host === '0.0.0.0' || host === '::';

/** `::1` is written `[::1]` in Host headers and URLs. */
export const hostForUrl = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/**
 * The Host values a request may carry. A page on evil.example that rebinds its DNS name to 127.0.0.1
 * sends `Host: evil.example:PORT`, so checking Host stops it reaching the API from the user's browser.
 * Bound to every interface, the server cannot know its names; there the token is the only guard.
 */
export function allowedHostHeaders(boundHost: string, port: number, extra: readonly string[] = []): Set<string> | null {
  if (isWildcardHost(boundHost)) return null;
  const names = new Set([...LOOPBACK_HOSTS, boundHost, ...extra]);
  return new Set([...names].map((h) => `${hostForUrl(h).toLowerCase()}:${port}`));
}

/** null when the request may go on, else the reason it may not. */
export function checkHostAndOrigin(req: http.IncomingMessage, allowed: Set<string> | null): string | null {
  const host = (req.headers.host ?? '').toLowerCase();
  if (allowed && !allowed.has(host)) return `Host ${JSON.stringify(host)} is not this server (expected one of ${[...allowed].join(', ')})`;
  const origin = req.headers.origin;
  if (origin === undefined) return null;
  let originHost: string;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:') return `Origin ${JSON.stringify(origin)} is not this server`;
    originHost = url.host.toLowerCase();
  } catch {
    return `Origin ${JSON.stringify(origin)} is not this server`; // 'null' from sandboxed frames and file: pages
  }
  if (originHost !== host) return `Origin ${JSON.stringify(origin)} is not this server`;
  return null;
}
