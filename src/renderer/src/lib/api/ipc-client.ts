import type { HpsBridge } from '../../../../preload/api';
import { unwrapResult, type ApiClient } from './client';

/** ApiClient over the Electron preload bridge (`window.hps`). */
export function createIpcClient(bridge: HpsBridge): ApiClient {
  return {
    call: async (method, ...args) => unwrapResult(method, await bridge.invoke(method, ...args)),
    on: (event, listener) => bridge.on(event, listener),
  };
}
