import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { z } from 'zod';
import {
  API_EVENT_NAMES,
  API_METHODS,
  apiContract,
  apiEvents,
  ipcChannel,
  isApiMethod,
  type ApiMethod,
  type ApiOutput,
  type ApiParsedInput,
} from '../shared/contract';
import { AppError, fail, ok, type Result } from '../shared/result';
import type { Services } from './core/services';

/**
 * One handler per contract method. Handlers see parsed input and return store rows; `dispatch` trims
 * those to the contract's output schema. Electron-free on purpose: serve mode can call `dispatch` too.
 */
type Handlers = {
  [M in ApiMethod]: (input: ApiParsedInput<M>, services: Services) => ApiOutput<M> | Promise<ApiOutput<M>>;
};

const handlers: Handlers = {
  listStudies: (_input, { store }) => store.listStudies(),
  getStudy: ({ id }, { store }) => {
    const study = store.getStudy(id);
    if (!study) throw new AppError('not_found', `getStudy.id: no study ${JSON.stringify(id)}`);
    return study;
  },
  listRuns: ({ studyId }, { store }) => {
    if (!store.getStudy(studyId)) throw new AppError('not_found', `listRuns.studyId: no study ${studyId}`);
    return store.listRuns(studyId);
  },
  getRunMetrics: ({ runId }, { store }) => {
    if (!store.getRun(runId)) throw new AppError('not_found', `getRunMetrics.runId: no run ${runId}`);
    return store.getMetrics(runId);
  },
};

export function formatZodIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`).join('; ');
}

/** Parses input, runs the handler, parses output; every failure comes back as data with a code. */
export async function dispatch(method: string, rawInput: unknown, services: Services): Promise<Result<unknown>> {
  if (!isApiMethod(method)) return fail('invalid_input', `method: unknown API method ${JSON.stringify(method)}`);
  const spec = apiContract[method];
  const input = spec.input.safeParse(rawInput);
  if (!input.success) return fail('invalid_input', `${method}: ${formatZodIssues(input.error)}`);
  try {
    // The map is indexed by the same key as the schema, so the parsed input fits this handler.
    const handler = handlers[method] as (input: unknown, services: Services) => unknown;
    const output = spec.output.safeParse(await handler(input.data, services));
    if (!output.success) return fail('internal', `${method} returned data outside the contract: ${formatZodIssues(output.error)}`);
    return ok(output.data);
  } catch (err) {
    if (err instanceof AppError) return fail(err.code, err.message);
    return fail('internal', `${method}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Registers one `ipcMain.handle` per contract method. Calls from any frame other than our renderer
 * (a navigated-away page, an injected iframe) are refused before their input is even parsed.
 * Returns a function that removes the handlers again.
 */
export function registerIpc(services: Services, isTrustedUrl: (url: string) => boolean): () => void {
  for (const method of API_METHODS) {
    ipcMain.handle(ipcChannel.invoke(method), (event: IpcMainInvokeEvent, input: unknown) => {
      const url = event.senderFrame?.url; // null when the frame navigated or was destroyed mid-call
      if (url === undefined || !isTrustedUrl(url)) {
        return fail('invalid_input', `${method}: refused a call from ${url ?? 'a destroyed frame'}, which is not the HParam Studio window`);
      }
      return dispatch(method, input, services);
    });
  }
  return () => {
    for (const method of API_METHODS) ipcMain.removeHandler(ipcChannel.invoke(method));
  };
}

/** Pushes the services' live events to one renderer, trimmed to the contract's event schemas. */
export function forwardEvents(services: Services, contents: WebContents): () => void {
  const unsubscribers = API_EVENT_NAMES.map((name) => {
    const listener = (payload: unknown): void => {
      if (contents.isDestroyed()) return; // window closing; services outlive it until quit
      const parsed = apiEvents[name].safeParse(payload);
      if (!parsed.success) {
        console.warn(`[ipc] dropped '${name}' event outside the contract: ${formatZodIssues(parsed.error)}`);
        return;
      }
      contents.send(ipcChannel.event(name), parsed.data);
    };
    services.events.on(name, listener);
    return () => services.events.off(name, listener);
  });
  return () => unsubscribers.forEach((off) => off());
}
