import { createHttpClient } from './http-client';
import { createIpcClient } from './ipc-client';
import type { ApiClient } from './client';

export type { ApiClient, StagedFile, StageProgress } from './client';
export { ApiCallError, stagedFromFileList } from './client';

const TOKEN_KEY = 'hps-token';

/**
 * Serve mode's token arrives once in the URL (`/?token=…`). It is kept for this tab only (a reload
 * still works; a new tab needs the printed URL again) and removed from the address bar, so it does
 * not end up in history, bookmarks or screenshots.
 */
function takeServeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Picks the transport this page was loaded with: the preload bridge in Electron, else HTTP to serve mode. */
export function connectApi(): ApiClient {
  if (window.hps) return createIpcClient(window.hps);
  const token = takeServeToken();
  if (!token) {
    throw new Error("No access token: open the full URL that 'hparam-studio serve' printed (it ends in ?token=…)");
  }
  return createHttpClient(window.location.origin, token);
}
