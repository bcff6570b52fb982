import { EventEmitter } from 'node:events';
import { z } from 'zod';
import { API_EVENT_NAMES, apiEvents, type ApiEventName, type ApiEventPayload } from '../../../shared/contract';

export type AnyEventListener = <E extends ApiEventName>(name: E, payload: ApiEventPayload<E>) => void;

/**
 * The contract's events, typed. Every payload is parsed on the way in, so transports (IPC, SSE) forward
 * exactly the contract's fields and never a scheduler-internal one.
 */
export class ApiEventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open window or SSE stream: many are normal, not a leak.
    this.emitter.setMaxListeners(0);
  }

  on<E extends ApiEventName>(name: E, listener: (payload: ApiEventPayload<E>) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }

  /** Every event, for transports that forward them all. */
  onAny(listener: AnyEventListener): () => void {
    const offs = API_EVENT_NAMES.map((name) => this.on(name, (payload) => listener(name, payload)));
    return () => offs.forEach((off) => off());
  }

  /** Drops (with a warning) a payload outside the contract instead of throwing into the emitter's caller. */
  emit<E extends ApiEventName>(name: E, payload: unknown): void {
    const parsed = apiEvents[name].safeParse(payload);
    if (!parsed.success) {
      console.warn(`[events] dropped '${name}' event outside the contract: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`);
      return;
    }
    this.emitter.emit(name, parsed.data);
  }
}

/** Forwards the services' scheduler events (same names as the contract's) into the bus. */
export function bridgeServiceEvents(source: EventEmitter, bus: ApiEventBus): () => void {
  const offs = API_EVENT_NAMES.map((name) => {
    const listener = (payload: unknown): void => bus.emit(name, payload);
    source.on(name, listener);
    return () => source.off(name, listener);
  });
  return () => offs.forEach((off) => off());
}
