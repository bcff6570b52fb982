import type { ApiArgs, ApiEventName, ApiEventPayload, ApiMethod, ApiOutput } from '../../../../shared/contract';
import type { ErrorCode, Result } from '../../../../shared/result';

/**
 * What the UI talks to. Implementations: IPC through the preload bridge (Electron) and, with serve
 * mode, HTTP + WebSocket; components never know which.
 */
export interface ApiClient {
  /** Resolves with the method's output; rejects with ApiCallError when main answers `{ ok: false }`. */
  call<M extends ApiMethod>(method: M, ...args: ApiArgs<M>): Promise<ApiOutput<M>>;
  /** Returns the function that unsubscribes. */
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEventPayload<E>) => void): () => void;
}

export class ApiCallError extends Error {
  constructor(
    readonly method: ApiMethod,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

export function unwrapResult<M extends ApiMethod>(method: M, result: Result<ApiOutput<M>>): ApiOutput<M> {
  if (result.ok) return result.value;
  throw new ApiCallError(method, result.error.code, result.error.message);
}
