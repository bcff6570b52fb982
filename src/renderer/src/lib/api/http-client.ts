import { apiEvents, httpRoute, type ApiEventName, type ApiMethod, type ApiOutput, type UploadResultDto } from '../../../../shared/contract';
import type { Result } from '../../../../shared/result';
import { ApiCallError, unwrapResult, type ApiClient, type StagedFile, type StageProgress } from './client';
import { entriesOfDrop, walkEntries } from './drop-walker';

export interface HttpClientOptions {
  /** Injected where the globals are missing (Node 20 has fetch but no EventSource). */
  fetch?: typeof fetch;
  EventSource?: typeof EventSource;
}

/** Anything that is not the server's Result JSON (a proxy's error page, a dropped connection). */
async function readResult(method: ApiMethod | 'upload', response: Response): Promise<Result<unknown>> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as Result<unknown>;
    if (typeof body === 'object' && body !== null && typeof body.ok === 'boolean') return body;
  } catch {
    // fall through: not JSON
  }
  throw new ApiCallError(method, 'internal', `${method}: the server answered HTTP ${response.status} without a result (${text.slice(0, 200)})`);
}

/** ApiClient for serve mode: calls are `POST /api/<method>`, events one shared EventSource, drops are uploaded. */
export function createHttpClient(baseUrl: string, token: string, opts: HttpClientOptions = {}): ApiClient {
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const base = baseUrl.replace(/\/+$/, '');
  const auth = { authorization: `Bearer ${token}` };
  let source: EventSource | null = null;

  async function send(method: ApiMethod | 'upload', url: string, init: RequestInit): Promise<Result<unknown>> {
    let response: Response;
    try {
      response = await doFetch(url, init);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new ApiCallError(method, 'io_error', `cannot reach the HParam Studio server at ${base} (${reason}); is 'hparam-studio serve' still running?`);
    }
    return readResult(method, response);
  }

  function events(): EventSource {
    if (source) return source;
    const Source = opts.EventSource ?? globalThis.EventSource;
    // EventSource cannot send headers; the server accepts the token as a query parameter on GETs.
    source = new Source(`${base}${httpRoute.events}?token=${encodeURIComponent(token)}`);
    return source;
  }

  async function uploadOne(item: StagedFile, uploadId: string | null): Promise<UploadResultDto> {
    const query = new URLSearchParams({ relpath: item.relativePath });
    if (uploadId) query.set('uploadId', uploadId);
    const result = await send('upload', `${base}${httpRoute.upload}?${query}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/octet-stream' },
      body: item.file,
    });
    if (!result.ok) throw new ApiCallError('upload', result.error.code, result.error.message);
    return result.value as UploadResultDto;
  }

  /** One upload per top-level entry, so importing one dropped item never removes another's files. */
  async function stageFiles(files: StagedFile[], onProgress?: StageProgress): Promise<string[]> {
    const total = files.reduce((n, f) => n + f.file.size, 0);
    let sent = 0;
    const byTop = new Map<string, StagedFile[]>();
    for (const f of files) {
      const top = f.relativePath.split('/')[0] ?? f.relativePath;
      byTop.set(top, [...(byTop.get(top) ?? []), f]);
    }
    const paths: string[] = [];
    for (const group of byTop.values()) {
      let uploadId: string | null = null;
      let path = '';
      for (const item of group) {
        const done = await uploadOne(item, uploadId);
        uploadId = done.uploadId;
        path = done.path;
        sent += item.file.size;
        onProgress?.(sent, total);
      }
      paths.push(path);
    }
    return paths;
  }

  return {
    transport: 'http',
    call: async (method, ...args) => {
      const input = args[0];
      const init: RequestInit = { method: 'POST', headers: { ...auth } };
      if (input !== undefined) {
        init.headers = { ...auth, 'content-type': 'application/json' };
        init.body = JSON.stringify(input);
      }
      const result = await send(method, `${base}${httpRoute.call(method)}`, init);
      return unwrapResult(method, result as Result<ApiOutput<typeof method>>);
    },
    on: (event, listener) => {
      const handler = (e: MessageEvent<string>): void => {
        // Parsed by the same schema main used to send it, so listeners get the contract's types.
        const parsed = apiEvents[event as ApiEventName].safeParse(JSON.parse(e.data));
        if (parsed.success) listener(parsed.data as never);
      };
      const es = events();
      es.addEventListener(event, handler as EventListener);
      return () => es.removeEventListener(event, handler as EventListener);
    },
    stageDrop: (dataTransfer, onProgress) => {
      const { entries, looseFiles } = entriesOfDrop(dataTransfer);
      return walkEntries(entries).then((walked) =>
        stageFiles([...walked, ...looseFiles.map((file) => ({ file, relativePath: file.name }))], onProgress),
      );
    },
    stageFiles,
    downloadUrl: (route) => `${base}${route}?token=${encodeURIComponent(token)}`,
  };
}
