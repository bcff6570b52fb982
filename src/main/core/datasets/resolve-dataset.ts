import type { DatasetRef } from '../../../shared/domain/dataset';
import { AppError } from '../../../shared/result';
import type { Store } from '../store/store';
import { ensureSample, SAMPLE_NAMES } from './samples';

const SAMPLE_PREFIX = 'sample:';

/**
 * A study's `dataset` field → a registered dataset. Built-in samples are generated and registered on
 * first use (zero downloads); anything else must have been imported before.
 */
export function resolveStudyDataset(store: Store, datasetsDir: string, ref: string): DatasetRef {
  if (ref.startsWith(SAMPLE_PREFIX)) {
    const name = ref.slice(SAMPLE_PREFIX.length);
    if (!(SAMPLE_NAMES as readonly string[]).includes(name)) {
      throw new AppError('invalid_input', `dataset: unknown sample '${name}' (built-in samples: ${SAMPLE_NAMES.map((n) => SAMPLE_PREFIX + n).join(', ')})`);
    }
    const existing = store.getDataset(ref);
    if (existing) return existing;
    const sample = ensureSample(name as (typeof SAMPLE_NAMES)[number], datasetsDir);
    store.upsertDataset({ ...sample.meta, name: ref }, sample.cacheDir);
    const registered = store.getDataset(ref);
    if (!registered) throw new AppError('internal', `sample ${ref} was generated but is not in the store`);
    return registered;
  }
  const found = store.getDataset(ref);
  if (!found) throw new AppError('not_found', `dataset: no dataset named or hashed '${ref}' (import it first, or use one of the built-in samples: ${SAMPLE_NAMES.map((n) => SAMPLE_PREFIX + n).join(', ')})`);
  return found;
}
