import type { Migration } from '../migrate';
import { migration001 } from './001-initial';
import { migration002 } from './002-evaluation';

/** Every migration, in order. Append only: versions must run 1, 2, 3… with no gaps. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
