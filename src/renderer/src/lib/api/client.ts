import type { ApiArgs, ApiEventName, ApiEventPayload, ApiMethod, ApiOutput } from '../../../../shared/contract';
import type { ErrorCode, Result } from '../../../../shared/result';

/** A file the user dropped or picked, with its path inside the dropped folder (`imgs/cat/1.png`), or its name. */
export interface StagedFile {
  file: File;
  relativePath: string;
}

/** Bytes sent so far of all files of one staging call (serve mode uploads; IPC sends nothing). */
export type StageProgress = (sentBytes: number, totalBytes: number) => void;

/**
 * What the UI talks to. Implementations: IPC through the preload bridge (Electron) and HTTP + SSE
 * (serve mode, a plain browser); components never know which.
 */
export interface ApiClient {
  readonly transport: 'ipc' | 'http';
  /** Resolves with the method's output; rejects with ApiCallError when main answers `{ ok: false }`. */
  call<M extends ApiMethod>(method: M, ...args: ApiArgs<M>): Promise<ApiOutput<M>>;
  /** Returns the function that unsubscribes. */
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEventPayload<E>) => void): () => void;
  /**
   * Dropped files and folders → paths main can import (datasets.import's `path`), one per top-level
   * entry. Electron reads their paths on disk; serve mode uploads them. Call it inside the drop
   * handler, before any `await`: the browser empties the DataTransfer when the handler returns.
   */
  stageDrop(dataTransfer: DataTransfer, onProgress?: StageProgress): Promise<string[]>;
  /** The same for files from a file picker (`webkitRelativePath` gives folder pickers' paths). */
  stageFiles(files: StagedFile[], onProgress?: StageProgress): Promise<string[]>;
  /**
   * A link the browser can follow to a serve-mode GET route (an export's zip, `runs.export`'s
   * `download`), carrying the token; absent over IPC, where files are on the user's own disk.
   */
  downloadUrl?(route: string): string;
  /** Reveals an export in the file manager; desktop only (serve mode offers downloadUrl instead). */
  showInFolder?(path: string): Promise<void>;
}

export class ApiCallError extends Error {
  constructor(
    readonly method: ApiMethod | 'upload',
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

/** Picker files carry their folder path in webkitRelativePath; loose files just their name. */
export function stagedFromFileList(files: Iterable<File>): StagedFile[] {
  return [...files].map((file) => ({ file, relativePath: file.webkitRelativePath || file.name }));
}
