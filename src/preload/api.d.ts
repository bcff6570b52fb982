import type { ApiArgs, ApiEventName, ApiEventPayload, ApiMethod, ApiOutput } from '../shared/contract';
import type { Result } from '../shared/result';

/** What src/preload/index.ts exposes as `window.hps`, typed from the contract. */
export type HpsMethods = {
  [M in ApiMethod]: (...args: ApiArgs<M>) => Promise<Result<ApiOutput<M>>>;
};

export interface HpsBridge extends HpsMethods {
  invoke<M extends ApiMethod>(method: M, ...args: ApiArgs<M>): Promise<Result<ApiOutput<M>>>;
  /** Returns the function that unsubscribes. */
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEventPayload<E>) => void): () => void;
}

declare global {
  interface Window {
    /** Present in the Electron window only; serve mode (a plain browser) talks HTTP instead. */
    hps?: HpsBridge;
  }
}
