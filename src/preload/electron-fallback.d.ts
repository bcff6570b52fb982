/**
 * Types for the part of Electron the shell uses, for installs where the `electron` package is missing:
 * it is an optionalDependency whose postinstall downloads the binary, so offline installs drop it, and
 * with it electron.d.ts. A *pattern* module declaration is consulted only when 'electron' does not
 * resolve to a real package, so wherever Electron is installed its own types win and this file is inert.
 * Signatures are copied from Electron 38's electron.d.ts; keep them a strict subset of it.
 */
declare module 'electron*' {
  import type { EventEmitter } from 'node:events';

  interface Event<_Params extends object = object> {
    preventDefault(): void;
    readonly defaultPrevented: boolean;
  }
  type NavigationEvent = Event<{ url: string; isSameDocument: boolean; isMainFrame: boolean }> & { url: string };

  interface WebFrameMain {
    readonly url: string;
  }

  interface WebContents extends EventEmitter {
    setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
    on(event: 'will-navigate' | 'will-redirect', listener: (details: NavigationEvent, url: string) => void): this;
    on(event: 'will-attach-webview', listener: (event: Event) => void): this;
    isDestroyed(): boolean;
    send(channel: string, ...args: any[]): void;
  }

  interface WebPreferences {
    preload?: string;
    contextIsolation?: boolean;
    sandbox?: boolean;
    nodeIntegration?: boolean;
    webSecurity?: boolean;
  }

  interface BrowserWindowConstructorOptions {
    width?: number;
    height?: number;
    minWidth?: number;
    minHeight?: number;
    title?: string;
    show?: boolean;
    webPreferences?: WebPreferences;
  }

  class BrowserWindow extends EventEmitter {
    constructor(options?: BrowserWindowConstructorOptions);
    readonly webContents: WebContents;
    on(event: 'closed' | 'ready-to-show', listener: () => void): this;
    once(event: 'closed' | 'ready-to-show', listener: () => void): this;
    show(): void;
    focus(): void;
    restore(): void;
    isMinimized(): boolean;
    loadFile(filePath: string): Promise<void>;
    loadURL(url: string): Promise<void>;
  }

  interface App extends EventEmitter {
    readonly isPackaged: boolean;
    whenReady(): Promise<void>;
    getPath(name: 'appData' | 'userData' | 'temp' | 'logs'): string;
    setPath(name: 'appData' | 'userData' | 'temp' | 'logs', path: string): void;
    requestSingleInstanceLock(additionalData?: Record<any, any>): boolean;
    quit(): void;
    exit(exitCode?: number): void;
    on(event: 'second-instance' | 'window-all-closed', listener: () => void): this;
    on(event: 'will-quit', listener: (event: Event) => void): this;
    on(event: 'web-contents-created', listener: (event: Event, webContents: WebContents) => void): this;
  }

  interface IpcMainInvokeEvent extends Event {
    readonly senderFrame: WebFrameMain | null;
    sender: WebContents;
  }

  interface IpcMain extends EventEmitter {
    handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: any[]) => Promise<any> | any): void;
    removeHandler(channel: string): void;
  }

  interface IpcRendererEvent extends Event {
    sender: IpcRenderer;
  }

  interface IpcRenderer extends EventEmitter {
    invoke(channel: string, ...args: any[]): Promise<any>;
    on(channel: string, listener: (event: IpcRendererEvent, ...args: any[]) => void): this;
    removeListener(channel: string, listener: (...args: any[]) => void): this;
  }

  interface ContextBridge {
    exposeInMainWorld(apiKey: string, api: any): void;
  }

  interface ForkOptions {
    env?: Record<string, string | undefined>;
    execArgv?: string[];
    cwd?: string;
    stdio?: Array<'pipe' | 'ignore' | 'inherit'> | string;
    serviceName?: string;
  }

  class UtilityProcess extends EventEmitter {
    static fork(modulePath: string, args?: string[], options?: ForkOptions): UtilityProcess;
    on(event: 'error', listener: (type: 'FatalError', location: string, report: string) => void): this;
    on(event: 'message', listener: (message: any) => void): this;
    once(event: 'exit', listener: (code: number) => void): this;
    once(event: 'spawn', listener: () => void): this;
    kill(): boolean;
    postMessage(message: any): void;
    pid: number | undefined;
    stderr: NodeJS.ReadableStream | null;
    stdout: NodeJS.ReadableStream | null;
  }

  export const app: App;
  export { BrowserWindow, UtilityProcess };
  export const contextBridge: ContextBridge;
  export const dialog: { showErrorBox(title: string, content: string): void };
  export const ipcMain: IpcMain;
  export const ipcRenderer: IpcRenderer;
  export const shell: { showItemInFolder(fullPath: string): void };
  export const utilityProcess: typeof UtilityProcess;
  export const webUtils: { getPathForFile(file: File): string };
  export type { IpcMainInvokeEvent, IpcRendererEvent, WebContents };
}
