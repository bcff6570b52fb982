import { AppError } from '../../../shared/result';

/** A Redis URL as given (credentials included), with what may be shown and stored. */
export interface RedisTarget {
  /** As given: what the client connects with. */
  url: string;
  /** Without credentials: for messages, the app, and a study's stored spec. */
  display: string;
  /** host:port/db, to tell whether two URLs name the same Redis. */
  key: string;
  hasCredentials: boolean;
  host: string;
  port: number;
}

/**
 * Parses redis://[USER[:PASSWORD]@]HOST[:PORT][/DB] (rediss:// for TLS). A bad URL is refused naming
 * `field`; the password never appears in a message.
 */
export function parseRedisUrl(raw: string, field: string): RedisTarget {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new AppError('invalid_input', `${field}: '${redactRedisUrl(raw)}' is not a URL (expected redis://HOST:PORT)`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new AppError('invalid_input', `${field}: expected a redis:// or rediss:// URL, got ${u.protocol}//…`);
  }
  if (!u.hostname) throw new AppError('invalid_input', `${field}: the URL names no host (expected redis://HOST:PORT)`);
  const db = u.pathname.replace(/^\//, '') || '0';
  if (!/^\d+$/.test(db)) throw new AppError('invalid_input', `${field}: database '${db}' must be a number (redis://HOST:PORT/0)`);
  const port = u.port || '6379';
  const hasCredentials = u.username !== '' || u.password !== '';
  const display = `${u.protocol}//${u.hostname}:${port}${db === '0' ? '' : `/${db}`}`;
  return { url: raw.trim(), display, key: `${u.hostname}:${port}/${db}`, hasCredentials, host: u.hostname, port: Number(port) };
}

/** The URL with its password replaced (for logs and error messages). */
export function redactRedisUrl(raw: string): string {
  return raw.replace(/^(rediss?:\/\/[^:/@]*:)[^@/]*@/, '$1***@');
}

/**
 * A URL read back redacted and saved again keeps its password: `redis://:***@host:6379` with a stored
 * `redis://:secret@host:6379` saves the latter (the app never receives the password it shows as ***).
 */
export function keepRedactedPassword(given: string, stored: string | null): string {
  if (!stored || !/^rediss?:\/\/[^:/@]*:\*\*\*@/.test(given)) return given;
  const password = /^rediss?:\/\/[^:/@]*:([^@/]*)@/.exec(stored)?.[1];
  return password === undefined ? given : given.replace(':***@', `:${password}@`);
}
