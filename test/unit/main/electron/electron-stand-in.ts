import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';

/**
 * A stand-in for the `electron` module (the binary cannot be installed here), aliased in for the
 * shell's unit tests by vitest.config.ts. It implements only what src/main/{index,window,ipc,
 * launcher-electron}.ts and src/preload use, and records what they did so tests can assert on it.
 * `shell.reset()` gives every test a fresh Electron.
 */

class FakeEvent {
  defaultPrevented = false;
  constructor(readonly url = '') {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  readonly sent: [string, unknown][] = [];
  setWindowOpenHandler(handler: (d: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  /** Emits a navigation the way Electron does and says whether the shell prevented it. */
  navigate(kind: 'will-navigate' | 'will-redirect', url: string): boolean {
    const event = new FakeEvent(url);
    this.emit(kind, event, url);
    return event.defaultPrevented;
  }
  attachWebview(): boolean {
    const event = new FakeEvent();
    this.emit('will-attach-webview', event);
    return event.defaultPrevented;
  }
}

export class BrowserWindow extends EventEmitter {
  /** Every window opened since the last reset (kept on the shell: see `shell` below). */
  static get instances(): BrowserWindow[] {
    return shell.windows;
  }
  readonly webContents = new FakeWebContents();
  loaded: { file?: string; url?: string } = {};
  shown = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    shell.windows.push(this);
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {}
  restore(): void {}
  isMinimized(): boolean {
    return false;
  }
  loadFile(file: string): Promise<void> {
    this.loaded = { file };
    return Promise.resolve();
  }
  loadURL(url: string): Promise<void> {
    this.loaded = { url };
    return Promise.resolve();
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  paths = new Map<string, string>();
  singleInstance = true;
  quitCalls = 0;
  exitCode: number | null = null;
  #becomeReady: () => void = () => undefined;
  readonly #ready = new Promise<void>((resolve) => (this.#becomeReady = resolve));
  whenReady(): Promise<void> {
    return this.#ready;
  }
  /** What Electron does once it has started. */
  becomeReady(): void {
    this.#becomeReady();
  }
  getPath(name: string): string {
    return this.paths.get(name) ?? '';
  }
  setPath(name: string, value: string): void {
    this.paths.set(name, value);
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
  quit(): void {
    this.quitCalls++;
    // Electron emits will-quit on a quit; a handler may prevent it to finish work first.
    const event = new FakeEvent();
    this.emit('will-quit', event);
  }
  exit(code = 0): void {
    this.exitCode = code;
  }
}

type Handler = (event: unknown, input: unknown) => unknown;
class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

class FakeIpcRenderer extends EventEmitter {
  readonly invoked: [string, unknown][] = [];
  answer: unknown = { ok: true, value: 'answered' };
  invoke(channel: string, input: unknown): Promise<unknown> {
    this.invoked.push([channel, input]);
    return Promise.resolve(this.answer);
  }
}

/** A utility process whose life the test drives: spawn(), exit(code), stderr lines, fatal errors. */
export class FakeUtilityProcess extends EventEmitter {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly posted: unknown[] = [];
  killed = false;
  pid: number | undefined = 4242;
  constructor(
    readonly modulePath: string,
    readonly options: Record<string, unknown>,
  ) {
    super();
  }
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  kill(): boolean {
    this.killed = true;
    this.exit(null);
    return true;
  }
  spawn(): void {
    this.emit('spawn');
  }
  /** Ends the streams (as a real exit does) and emits 'exit'. */
  exit(code: number | null): void {
    this.emit('exit', code ?? 1);
    this.stdout.end();
    this.stderr.end();
  }
}

/**
 * The fakes, on globalThis: a test that re-imports src/main/electron/index.ts after vi.resetModules gets a new copy
 * of this module too, and both copies must drive the same Electron.
 */
const holder = globalThis as { __hpsElectronStandIn?: StandIn };
type StandIn = ReturnType<typeof createStandIn>;
export const shell: StandIn = (holder.__hpsElectronStandIn ??= createStandIn());

function createStandIn() {
  return {
    app: new FakeApp(),
    ipcMain: new FakeIpcMain(),
    ipcRenderer: new FakeIpcRenderer(),
    exposed: new Map<string, unknown>(),
    errorBoxes: [] as [string, string][],
    forks: [] as FakeUtilityProcess[],
    forkThrows: null as Error | null,
    windows: [] as BrowserWindow[],
    reset(): void {
      this.app = new FakeApp();
      this.ipcMain = new FakeIpcMain();
      this.ipcRenderer = new FakeIpcRenderer();
      this.exposed = new Map();
      this.errorBoxes = [];
      this.forks = [];
      this.forkThrows = null;
      this.windows = [];
    },
  };
}

// The module's exports read the current fakes, so a reset between tests takes effect in modules
// that imported them earlier.
export const app = new Proxy({} as FakeApp, { get: (_t, key) => bind(shell.app, key) });
export const ipcMain = new Proxy({} as FakeIpcMain, { get: (_t, key) => bind(shell.ipcMain, key) });
export const ipcRenderer = new Proxy({} as FakeIpcRenderer, { get: (_t, key) => bind(shell.ipcRenderer, key) });
export const dialog = { showErrorBox: (title: string, content: string) => shell.errorBoxes.push([title, content]) };
export const contextBridge = { exposeInMainWorld: (key: string, api: unknown) => shell.exposed.set(key, api) };
export const webUtils = { getPathForFile: (file: File) => `/dropped/${file.name}` };
export const utilityProcess = {
  fork(modulePath: string, _args: string[], options: Record<string, unknown>): FakeUtilityProcess {
    if (shell.forkThrows) throw shell.forkThrows;
    const child = new FakeUtilityProcess(modulePath, options);
    shell.forks.push(child);
    return child;
  },
};

function bind(target: object, key: string | symbol): unknown {
  const value = (target as Record<string | symbol, unknown>)[key];
  return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
}
