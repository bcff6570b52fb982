import { createIpcClient } from './ipc-client';
import type { ApiClient } from './client';

export type { ApiClient } from './client';
export { ApiCallError } from './client';

/** Picks the transport this page was loaded with. */
export function connectApi(): ApiClient {
  if (window.hps) return createIpcClient(window.hps);
  // Serve mode (HTTP + WebSocket) adds its client here when it lands.
  throw new Error('No API transport: window.hps is missing, so this page is not running inside the HParam Studio window');
}
