import path from 'node:path';
import type { Services } from '../services';
import { ApiEventBus, bridgeServiceEvents } from './event-bus';

/** What every handler works with: the services and the contract's event bus. */
export interface ApiContext {
  services: Services;
  events: ApiEventBus;
  /** Where serve mode stores uploaded files until they are imported (inside the data directory). */
  uploadsDir: string;
  /** Stops forwarding service events; the services stay open (their owner closes them). */
  dispose(): void;
}

export function uploadsDirOf(dataDir: string): string {
  return path.join(dataDir, 'uploads');
}

/** One per transport (the Electron window's IPC, a serve-mode server, a CLI command in process). */
export function createApiContext(services: Services): ApiContext {
  const events = new ApiEventBus();
  const stopBridge = bridgeServiceEvents(services.events, events);
  return { services, events, uploadsDir: uploadsDirOf(services.paths.dataDir), dispose: stopBridge };
}
