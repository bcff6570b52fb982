import { Store } from '../../src/main/core/store/store';

/**
 * Looks at a database another process owns, read-only, the way a watcher would: `fn` sees the store,
 * or the answer is null while the owner is still creating and migrating it (the file missing, or at an
 * older schema).
 */
export function peek<T>(dbPath: string, fn: (store: Store) => T): T | null {
  let store: Store;
  try {
    store = Store.openReadOnly(dbPath);
  } catch {
    return null;
  }
  try {
    return fn(store);
  } finally {
    store.close();
  }
}
