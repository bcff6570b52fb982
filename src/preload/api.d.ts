import type { ApiArgs, ApiEventName, ApiEventPayload, ApiMethod, ApiOutput } from '../shared/contract';
import type { Result } from '../shared/result';

/** What src/preload/index.ts exposes as `window.hps`, typed from the contract. */
export interface HpsBridge {
  /** Calls a contract method; main parses the input and answers a Result, never throws. */
  invoke<M extends ApiMethod>(method: M, ...args: ApiArgs<M>): Promise<Result<ApiOutput<M>>>;
  /** Returns the function that unsubscribes. */
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEventPayload<E>) => void): () => void;
  /**
   * The path on disk of a dropped or picked file or folder (File.path is gone since Electron 32);
   * '' for a File that does not come from disk.
   */
  pathForFile(file: File): string;
  /** Reveals an exported file or folder in the system's file manager (main checks it exists). */
  showInFolder(path: string): Promise<Result<null>>;
}

declare global {
  interface Window {
    /** Present in the Electron window only; serve mode (a plain browser) talks HTTP instead. */
    hps?: HpsBridge;
  }
}
