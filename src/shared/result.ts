/** Errors are data at every boundary (IPC, serve mode, CLI): a code the UI can act on plus plain words. */
export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'unsupported'
  | 'io_error'
  /** The disk (or quota) is full: nothing was left half-written; free space or choose another folder. */
  | 'disk_full'
  | 'internal'
  /** Serve mode: missing or wrong token, or a request from a foreign host/origin. */
  | 'unauthorized';

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

/** An error that carries a code across boundaries; `message` must name the field/file and the reason. */
export class AppError extends Error implements AppErrorShape {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });
