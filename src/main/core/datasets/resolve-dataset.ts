import type { DatasetRef } from '../../../shared/domain/dataset';
import { AppError } from '../../../shared/result';
import type { Store } from '../store/store';
import { ensureSample, isSampleName, SAMPLE_NAMES, SAMPLE_PREFIX } from './samples';

const sampleList = () => SAMPLE_NAMES.map((n) => SAMPLE_PREFIX + n).join(', ');

/**
 * A study's `dataset` field → a registered dataset. Built-in samples are generated and registered on
 * first use (zero downloads); anything else must have been imported before.
 */
export function resolveStudyDataset(store: Store, datasetsDir: string, ref: string): DatasetRef {
  if (ref.startsWith(SAMPLE_PREFIX)) {
    const name = ref.slice(SAMPLE_PREFIX.length);
    if (!isSampleName(name)) throw new AppError('invalid_input', `dataset: unknown sample '${name}' (built-in samples: ${sampleList()})`);
    const existing = store.getDataset(ref);
    if (existing) return existing;
    const sample = ensureSample(name, datasetsDir);
    store.upsertDataset({ ...sample.meta, name: ref }, sample.cacheDir);
    const registered = store.getDataset(ref);
    if (!registered) throw new AppError('internal', `sample ${ref} was generated but is not in the store`);
    return registered;
  }
  const found = store.getDataset(ref);
  if (!found) throw new AppError('not_found', `dataset: no dataset named or hashed '${ref}' (import it first, or use a built-in sample: ${sampleList()})`);
  return found;
}
