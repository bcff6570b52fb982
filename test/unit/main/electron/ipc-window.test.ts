import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forwardEvents, registerIpc } from '../../../../src/main/electron/ipc';
import { createMainWindow, isTrustedRendererUrl, lockDownWebContents, type RendererSource } from '../../../../src/main/electron/window';
import { NodeLauncher } from '../../../../src/main/core/scheduler/launcher-node';
import { Services } from '../../../../src/main/core/services';
import { API_METHODS, ipcChannel } from '../../../../src/shared/contract';
import { trainerScript, useTempDir } from '../../../helpers/temp-dir';
import { BrowserWindow, FakeWebContents, shell } from './electron-stand-in';

const source: RendererSource = { indexHtml: path.resolve('/app/out/renderer/index.html'), devServerUrl: null };
const page = pathToFileURL(source.indexHtml).href;

describe('IPC registration', () => {
  const tempDir = useTempDir();
  let services: Services;
  beforeEach(() => {
    shell.reset();
    services = new Services({ dataDir: tempDir(), launcher: new NodeLauncher(trainerScript), concurrency: 1 });
  });
  afterEach(async () => {
    await services.close();
  });

  const trusted = (url: string) => isTrustedRendererUrl(url, source);
  const call = (method: string, url: string | null, input?: unknown) =>
    shell.ipcMain.handlers.get(ipcChannel.invoke(method as never))!({ senderFrame: url === null ? null : { url } }, input) as Promise<unknown>;

  it('registers one handler per contract method, and removes them all again', () => {
    const unregister = registerIpc(services, trusted);
    expect([...shell.ipcMain.handlers.keys()].sort()).toEqual(API_METHODS.map((m) => ipcChannel.invoke(m)).sort());
    unregister();
    expect(shell.ipcMain.handlers.size).toBe(0);
  });

  it('answers our page through the shared dispatch, inputs parsed', async () => {
    registerIpc(services, trusted);
    expect(await call('settings.get', `${page}#/settings`)).toMatchObject({ ok: true, value: { dataDir: services.paths.dataDir } });
    expect(await call('studies.list', page)).toEqual({ ok: true, value: [] });
    expect(await call('runs.list', page, { studyId: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses any other sender before parsing its input', async () => {
    registerIpc(services, trusted);
    for (const url of ['https://evil.example/', 'file:///tmp/other.html', null]) {
      const answer = (await call('studies.delete', url, { id: 1 })) as { ok: boolean; error: { code: string; message: string } };
      expect(answer.ok).toBe(false);
      expect(answer.error.code).toBe('unauthorized');
      expect(answer.error.message).toMatch(url === null ? /a destroyed frame/ : /not the HParam Studio window/);
    }
  });

  it('forwards live events to the window until it is destroyed', async () => {
    registerIpc(services, trusted);
    const contents = new FakeWebContents();
    const stop = forwardEvents(services, contents as never);
    services.events.emit('study-updated', { type: 'study-updated', studyId: 3 });
    expect(contents.sent).toEqual([[ipcChannel.event('study-updated'), { studyId: 3 }]]);
    contents.destroyed = true;
    services.events.emit('study-updated', { type: 'study-updated', studyId: 4 });
    expect(contents.sent).toHaveLength(1);
    stop();
  });
});

describe('the window and its web contents', () => {
  beforeEach(() => shell.reset());

  it('trusts only our built page (any hash) or the dev server origin', () => {
    expect(isTrustedRendererUrl(`${page}#/studies/2`, source)).toBe(true);
    expect(isTrustedRendererUrl('file:///etc/passwd', source)).toBe(false);
    expect(isTrustedRendererUrl('https://example.com/', source)).toBe(false);
    expect(isTrustedRendererUrl('not a url', source)).toBe(false);
    const dev: RendererSource = { ...source, devServerUrl: 'http://localhost:5173/' };
    expect(isTrustedRendererUrl('http://localhost:5173/#/runs', dev)).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5174/', dev)).toBe(false);
  });

  it('opens a sandboxed, isolated window on the built page and shows it when ready', () => {
    const win = createMainWindow(source) as unknown as BrowserWindow;
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(win.loaded).toEqual({ file: source.indexHtml });
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
    const dev = createMainWindow({ ...source, devServerUrl: 'http://localhost:5173/' }) as unknown as BrowserWindow;
    expect(dev.loaded).toEqual({ url: 'http://localhost:5173/' });
  });

  it('denies new windows, webviews and navigation away from our page', () => {
    lockDownWebContents(source);
    const contents = new FakeWebContents();
    shell.app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(contents.navigate('will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.navigate('will-redirect', 'file:///tmp/dropped.html')).toBe(true);
    expect(contents.navigate('will-navigate', `${page}#/datasets`)).toBe(false);
    expect(contents.attachWebview()).toBe(true);
  });
});
