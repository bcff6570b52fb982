import { AppError } from '../../shared/result';
import { NodeLauncher } from '../core/scheduler/launcher-node';
import { Services } from '../core/services';
import type { StudyRow } from '../core/store/types';

export interface GlobalOptions {
  db?: string;
  dataDir?: string;
}

/** Opens the services for one command and always closes them (stops trainers, closes the DB). */
export async function withServices<T>(opts: GlobalOptions, fn: (s: Services) => Promise<T> | T): Promise<T> {
  const services = new Services({ db: opts.db, dataDir: opts.dataDir, launcher: new NodeLauncher() });
  if (services.interruptedAtOpen > 0) {
    process.stderr.write(`${services.interruptedAtOpen} run(s) were interrupted when the app last stopped; 'hparam-studio resume <study>' continues them from their last checkpoint.\n`);
  }
  try {
    return await fn(services);
  } finally {
    await services.close();
  }
}

export function findStudy(services: Services, ref: string): StudyRow {
  const key = /^\d+$/.test(ref) ? Number(ref) : ref;
  const study = services.store.getStudy(key);
  if (!study) throw new AppError('not_found', `study '${ref}' not found ('hparam-studio list' shows the studies)`);
  return study;
}
