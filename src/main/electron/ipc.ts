import fs from 'node:fs';
import path from 'node:path';
import { ipcMain, shell, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { API_METHODS, ipcChannel } from '../../shared/contract';
import { fail, ok } from '../../shared/result';
import { createApiContext, type ApiContext } from '../core/api/context';
import { dispatch } from '../core/api/dispatch';
import type { Services } from '../core/services';

/** One API context per services object, shared by the handlers and every window's event forwarding. */
const contexts = new WeakMap<Services, ApiContext>();

function contextFor(services: Services): ApiContext {
  let ctx = contexts.get(services);
  if (!ctx) {
    ctx = createApiContext(services);
    contexts.set(services, ctx);
  }
  return ctx;
}

/**
 * The Electron transport: one `ipcMain.handle` per contract method, each a thin call into the same
 * transport-free dispatch serve mode uses. Calls from any frame other than our renderer (a
 * navigated-away page, an injected iframe) are refused before their input is even parsed.
 * Returns a function that removes the handlers again.
 */
export function registerIpc(services: Services, isTrustedUrl: (url: string) => boolean): () => void {
  const ctx = contextFor(services);
  const refused = (what: string, event: IpcMainInvokeEvent) => {
    const url = event.senderFrame?.url; // null when the frame navigated or was destroyed mid-call
    return url === undefined || !isTrustedUrl(url) ? fail('unauthorized', `${what}: refused a call from ${url ?? 'a destroyed frame'}, which is not the HParam Studio window`) : null;
  };
  for (const method of API_METHODS) {
    ipcMain.handle(ipcChannel.invoke(method), (event: IpcMainInvokeEvent, input: unknown) => refused(method, event) ?? dispatch(method, input, ctx));
  }
  ipcMain.handle(ipcChannel.showInFolder, (event: IpcMainInvokeEvent, target: unknown) => refused('showInFolder', event) ?? showInFolder(target));
  return () => {
    for (const method of API_METHODS) ipcMain.removeHandler(ipcChannel.invoke(method));
    ipcMain.removeHandler(ipcChannel.showInFolder);
  };
}

/** An export on the user's own disk, shown in the file manager (the desktop's answer to serve mode's download). */
function showInFolder(target: unknown) {
  if (typeof target !== 'string' || !path.isAbsolute(target)) return fail('invalid_input', `path: expected an absolute path, got ${JSON.stringify(target)}`);
  if (!fs.existsSync(target)) return fail('not_found', `path: ${target} does not exist (moved or deleted since the export?)`);
  shell.showItemInFolder(target);
  return ok(null);
}

/** Pushes the contract's live events (already parsed by the bus) to one renderer. */
export function forwardEvents(services: Services, contents: WebContents): () => void {
  return contextFor(services).events.onAny((name, payload) => {
    if (contents.isDestroyed()) return; // window closing; services outlive it until quit
    contents.send(ipcChannel.event(name), payload);
  });
}
