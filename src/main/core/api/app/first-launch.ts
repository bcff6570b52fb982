import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../shared/result';
import type { Store } from '../../store/store';

/**
 * Written into the data directory the first time the UI asks, so the sample study starts once per data
 * directory and never again (not after a reload, not after the user deleted it). Tests that want an
 * empty app write this file before they start the server.
 */
export const LAUNCHED_MARKER = 'launched';

/**
 * True only when the marker is absent and the directory holds no studies and no datasets: someone who
 * already imported data or ran the CLI is not a new user, whatever the marker says.
 */
export function takeFirstLaunch(dataDir: string, store: Store): boolean {
  const marker = path.join(dataDir, LAUNCHED_MARKER);
  if (fs.existsSync(marker)) return false;
  const empty = store.listStudies().length === 0 && store.listDatasets().length === 0;
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(marker, `${new Date().toISOString()}\n`);
  } catch (err) {
    // Without the marker every launch would start another sample study; better none at all.
    throw new AppError('io_error', `${marker}: cannot record the first launch (${(err as Error).message})`);
  }
  return empty;
}
