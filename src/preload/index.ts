import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_METHODS, ipcChannel, isApiEventName, isApiMethod } from '../shared/contract';
import type { AppErrorShape } from '../shared/result';

/**
 * The only door from the page to main. It exposes the contract's methods and events and nothing else:
 * no raw ipcRenderer, and listeners never receive the IpcRendererEvent (it carries `sender`).
 * Inputs are not validated here; main parses every one of them.
 */

function invoke(method: unknown, input?: unknown): Promise<unknown> {
  if (!isApiMethod(method)) {
    const error: AppErrorShape = { code: 'invalid_input', message: `method: unknown API method ${JSON.stringify(method)}` };
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

const methods = Object.fromEntries(API_METHODS.map((method) => [method, (input?: unknown) => invoke(method, input)]));

contextBridge.exposeInMainWorld('hps', { ...methods, invoke, on });
