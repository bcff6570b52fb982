import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, type WebContents } from 'electron';

/** Where the renderer comes from: the built file, or electron-vite's dev server during `electron-vite dev`. */
export interface RendererSource {
  indexHtml: string;
  devServerUrl: string | null;
}

export function rendererSource(): RendererSource {
  // ELECTRON_RENDERER_URL is set by `electron-vite dev`; a packaged app never loads from a server.
  const devServerUrl = !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : null;
  return { indexHtml: path.join(__dirname, '../renderer/index.html'), devServerUrl };
}

/** True for our own page only: the built index.html (any hash/query), or a page of the dev server's origin. */
export function isTrustedRendererUrl(url: string, source: RendererSource): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (source.devServerUrl) return parsed.origin === new URL(source.devServerUrl).origin;
  const expected = pathToFileURL(source.indexHtml);
  if (parsed.protocol !== 'file:') return false;
  // Windows drive letters may differ in case between Chromium's URL and Node's.
  return process.platform === 'win32'
    ? parsed.pathname.toLowerCase() === expected.pathname.toLowerCase()
    : parsed.pathname === expected.pathname;
}

/**
 * Every web contents the app creates may only show our page: no navigation elsewhere (a dropped file
 * or a link would otherwise replace the UI with content that could call the bridge), no new windows,
 * no <webview>.
 */
export function lockDownWebContents(source: RendererSource): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event) => {
      if (!isTrustedRendererUrl(event.url, source)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => {
      if (!isTrustedRendererUrl(event.url, source)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

export function createMainWindow(source: RendererSource): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    title: 'HParam Studio',
    show: false, // shown on ready-to-show, so the user never sees an empty white frame
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  win.once('ready-to-show', () => win.show());
  const loading = source.devServerUrl ? win.loadURL(source.devServerUrl) : win.loadFile(source.indexHtml);
  loading.catch((err: unknown) => console.error(`[window] could not load the UI: ${err instanceof Error ? err.message : String(err)}`));
  return win;
}
