import { EventEmitter } from 'node:events';
import { apiEvents, httpRoute, isApiEventName, type ApiArgs, type ApiEventName, type ApiEventPayload, type ApiMethod, type ApiOutput } from '../../../shared/contract';
import { AppError, type Result } from '../../../shared/result';
import { describeOwner, type OwnerInfo } from '../../core/ownership/owner-info';
import type { CliApi } from './cli-api';
import { SseParser } from './sse-parser';

/**
 * The contract over the owner's loopback API (the serve-mode routes: `POST /api/<method>` with the
 * token, events as Server-Sent Events). Resolves once the event stream is open (its `: connected`
 * marker arrived), so no event after the first call can be missed.
 */
export async function remoteApi(owner: OwnerInfo & { api: NonNullable<OwnerInfo['api']> }, dataDir: string): Promise<CliApi> {
  const base = owner.api.url.replace(/\/+$/, '');
  const auth = { authorization: `Bearer ${owner.api.token}` };
  const who = describeOwner(owner);
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const abort = new AbortController();
  let closed = false;
  let markLost!: (why: string) => void;
  const lost = new Promise<string>((resolve) => (markLost = resolve));

  let response: Response;
  try {
    response = await fetch(`${base}${httpRoute.events}`, { headers: auth, signal: abort.signal });
  } catch (err) {
    throw new AppError('io_error', `cannot reach ${who} at ${base}: ${(err as Error).message}`);
  }
  if (!response.ok || !response.body) throw new AppError('io_error', `${who} refused the event stream (HTTP ${response.status})`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new SseParser();
  await new Promise<void>((resolve, reject) => {
    let connected = false;
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const item of parser.push(value)) {
            if (item.kind === 'comment') {
              if (item.text === 'connected' && !connected) {
                connected = true;
                resolve();
              }
            } else if (isApiEventName(item.event)) {
              const parsed = apiEvents[item.event].safeParse(JSON.parse(item.data));
              if (parsed.success) emitter.emit(item.event, parsed.data);
            }
          }
        }
      } catch (err) {
        if (!connected) reject(new AppError('io_error', `event stream from ${who} failed: ${(err as Error).message}`));
      }
      if (!connected) reject(new AppError('io_error', `${who} closed the event stream before it opened`));
      if (!closed) markLost(`the connection to ${who} was lost`);
    })();
  });

  return {
    mode: 'client',
    dataDir,
    async call<M extends ApiMethod>(method: M, ...args: ApiArgs<M>): Promise<ApiOutput<M>> {
      let res: Response;
      try {
        const input = args[0];
        res = await fetch(`${base}${httpRoute.call(method)}`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          ...(input === undefined ? {} : { body: JSON.stringify(input) }),
        });
      } catch (err) {
        throw new AppError('io_error', `${method}: cannot reach ${who} at ${base} (${(err as Error).message})`);
      }
      const text = await res.text();
      let result: Result<unknown>;
      try {
        result = JSON.parse(text) as Result<unknown>;
      } catch {
        throw new AppError('internal', `${method}: ${who} answered HTTP ${res.status} without a result (${text.slice(0, 200)})`);
      }
      if (!result.ok) throw new AppError(result.error.code, result.error.message);
      return result.value as ApiOutput<M>;
    },
    on<E extends ApiEventName>(event: E, listener: (payload: ApiEventPayload<E>) => void): () => void {
      emitter.on(event, listener);
      return () => emitter.off(event, listener);
    },
    lost,
    async close() {
      closed = true;
      abort.abort();
    },
  };
}
