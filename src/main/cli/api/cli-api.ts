import type { ApiArgs, ApiEventName, ApiEventPayload, ApiMethod, ApiOutput } from '../../../shared/contract';

/**
 * What a CLI command talks to: the same contract as the UI, answered in this process when it owns the
 * data directory (or only reads it), or over the owner's API when another process owns it.
 */
export interface CliApi {
  /** 'owner': this process owns the data directory; 'client': another does; 'reader': read-only. */
  readonly mode: 'owner' | 'client' | 'reader';
  readonly dataDir: string;
  /** Resolves with the method's output; rejects with an AppError when the call fails. */
  call<M extends ApiMethod>(method: M, ...args: ApiArgs<M>): Promise<ApiOutput<M>>;
  /** Returns the function that unsubscribes. */
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEventPayload<E>) => void): () => void;
  /** Resolves when the connection to the owner is lost (never, in process). */
  readonly lost: Promise<string>;
  close(): Promise<void>;
}
