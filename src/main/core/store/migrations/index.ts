import type { Migration } from '../migrate';
import { migration001 } from './001-initial';
import { migration002 } from './002-evaluation';
import { migration003 } from './003-attempts-intent';
import { migration004 } from './004-notes-tags';
import { migration005 } from './005-pruning';
import { migration006 } from './006-ensembles-base-models';
import { migration007 } from './007-devices';

/** Every migration, in order. Append only: versions must run 1, 2, 3… with no gaps. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
