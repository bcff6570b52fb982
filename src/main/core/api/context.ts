import path from 'node:path';
import type { Services } from '../services';
import { ApiEventBus, bridgeServiceEvents } from './event-bus';
import { DEFAULT_UPLOAD_GRACE_MS, DEFAULT_UPLOAD_QUOTA_BYTES, UploadArea } from './upload-area';

/**
 * Which files the API may name. 'local': any path on this machine (the desktop app, serve mode on
 * loopback: the caller is the machine's own user). 'confined': serve mode open to the network
 * (--allow-remote), where import paths must lie in the uploads or the data folder and exports are
 * written only into the data folder, to be downloaded.
 */
export type FileAccess = 'local' | 'confined';

/** What every handler works with: the services and the contract's event bus. */
export interface ApiContext {
  services: Services;
  events: ApiEventBus;
  /** Where serve mode stores uploaded files until they are imported (inside the data directory). */
  uploadsDir: string;
  /** Those uploads: quota, holds while imported, clean-up. */
  uploads: UploadArea;
  access: FileAccess;
  /** Stops forwarding service events; the services stay open (their owner closes them). */
  dispose(): void;
}

export interface ApiContextOptions {
  access?: FileAccess;
  uploadQuotaBytes?: number;
  uploadGraceMs?: number;
}

export function uploadsDirOf(dataDir: string): string {
  return path.join(dataDir, 'uploads');
}

/** One per transport (the Electron window's IPC, a serve-mode server, a CLI command in process). */
export function createApiContext(services: Services, opts: ApiContextOptions = {}): ApiContext {
  const events = new ApiEventBus();
  const stopBridge = bridgeServiceEvents(services.events, events);
  const uploadsDir = uploadsDirOf(services.paths.dataDir);
  const uploads = new UploadArea({
    dir: uploadsDir,
    quotaBytes: opts.uploadQuotaBytes ?? DEFAULT_UPLOAD_QUOTA_BYTES,
    graceMs: opts.uploadGraceMs ?? DEFAULT_UPLOAD_GRACE_MS,
  });
  return {
    services,
    events,
    uploadsDir,
    uploads,
    access: opts.access ?? 'local',
    dispose: () => {
      stopBridge();
      uploads.dispose();
    },
  };
}
