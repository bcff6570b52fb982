import { sqlMigration, type Migration } from '../migrate';
import { migration001 } from './001-initial';
import { migration002 } from './002-evaluation';
import { migration003 } from './003-attempts-intent';
import { migration005 } from './005-ensembles-base-models';

/**
 * MERGE NOTE (issue 12 branch): version 4 belongs to issue 13's 004-notes-tags, which lands from its
 * own branch. Until then this empty stand-in keeps the versions contiguous; at the merge, replace it
 * with `migration004` from './004-notes-tags'. (A database migrated by this branch records the
 * stand-in's checksum, so the real 004 would refuse it as edited: use throwaway data directories.)
 */
const migration004: Migration = sqlMigration(4, 'reserved-for-issue-13', '-- reserved\n');

/** Every migration, in order. Append only: versions must run 1, 2, 3… with no gaps. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
