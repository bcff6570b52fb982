import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { ipcChannel, isApiEventName, isApiMethod } from '../shared/contract';
import type { AppErrorShape } from '../shared/result';

/**
 * The only door from the page to main: a generic `invoke` over the contract's method names, `on` for
 * its events, and `pathForFile` for drops. No raw ipcRenderer, and listeners never receive the
 * IpcRendererEvent (it carries `sender`). Inputs are not validated here; main parses every one.
 */

function invoke(method: unknown, input?: unknown): Promise<unknown> {
  if (!isApiMethod(method)) {
    const error: AppErrorShape = { code: 'not_found', message: `method: unknown API method ${JSON.stringify(method)}` };
    return Promise.resolve({ ok: false, error });
  }
  return ipcRenderer.invoke(ipcChannel.invoke(method), input);
}

function on(event: unknown, listener: unknown): () => void {
  if (!isApiEventName(event)) throw new Error(`event: unknown API event ${JSON.stringify(event)}`);
  if (typeof listener !== 'function') throw new Error(`listener: expected a function for '${event}'`);
  const channel = ipcChannel.event(event);
  const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
  ipcRenderer.on(channel, forward);
  return () => {
    ipcRenderer.removeListener(channel, forward);
  };
}

function pathForFile(file: unknown): string {
  if (!(file instanceof File)) throw new Error('file: expected a File from a drop or a file picker');
  return webUtils.getPathForFile(file);
}

function showInFolder(target: unknown): Promise<unknown> {
  if (typeof target !== 'string') return Promise.reject(new Error('path: expected a string'));
  return ipcRenderer.invoke(ipcChannel.showInFolder, target);
}

contextBridge.exposeInMainWorld('hps', { invoke, on, pathForFile, showInFolder });
