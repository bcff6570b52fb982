import type { Migration } from '../migrate';
import { migration001 } from './001-initial';

/** Every migration, in order. Append only: versions must run 1, 2, 3… with no gaps. */
export const MIGRATIONS: readonly Migration[] = [migration001];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
