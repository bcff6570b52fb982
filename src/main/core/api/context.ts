import path from 'node:path';
import type { Services } from '../services';
import { SettingsFile } from '../settings';
import { ApiEventBus, bridgeServiceEvents } from './event-bus';

/** What every handler works with: the services, the settings file and the contract's event bus. */
export interface ApiContext {
  services: Services;
  settings: SettingsFile;
  events: ApiEventBus;
  /** Where serve mode stores uploaded files until they are imported (inside the data directory). */
  uploadsDir: string;
  /** Stops forwarding service events; the services stay open (their owner closes them). */
  dispose(): void;
}

export function uploadsDirOf(dataDir: string): string {
  return path.join(dataDir, 'uploads');
}

/**
 * One per transport (the Electron window's IPC, a serve-mode server). Applies the concurrency the
 * user saved in Settings, so it holds in the desktop app and in serve mode alike.
 */
export function createApiContext(services: Services): ApiContext {
  const settings = new SettingsFile(services.paths.dataDir);
  const stored = settings.readStored();
  if (stored.concurrency !== undefined) services.scheduler.setConcurrency(stored.concurrency);
  const events = new ApiEventBus();
  const stopBridge = bridgeServiceEvents(services.events, events);
  return { services, settings, events, uploadsDir: uploadsDirOf(services.paths.dataDir), dispose: stopBridge };
}
