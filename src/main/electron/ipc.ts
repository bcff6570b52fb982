import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { API_METHODS, ipcChannel } from '../../shared/contract';
import { fail } from '../../shared/result';
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
  for (const method of API_METHODS) {
    ipcMain.handle(ipcChannel.invoke(method), (event: IpcMainInvokeEvent, input: unknown) => {
      const url = event.senderFrame?.url; // null when the frame navigated or was destroyed mid-call
      if (url === undefined || !isTrustedUrl(url)) {
        return fail('unauthorized', `${method}: refused a call from ${url ?? 'a destroyed frame'}, which is not the HParam Studio window`);
      }
      return dispatch(method, input, ctx);
    });
  }
  return () => {
    for (const method of API_METHODS) ipcMain.removeHandler(ipcChannel.invoke(method));
  };
}

/** Pushes the contract's live events (already parsed by the bus) to one renderer. */
export function forwardEvents(services: Services, contents: WebContents): () => void {
  return contextFor(services).events.onAny((name, payload) => {
    if (contents.isDestroyed()) return; // window closing; services outlive it until quit
    contents.send(ipcChannel.event(name), payload);
  });
}
