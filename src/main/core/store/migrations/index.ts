import { sqlMigration, type Migration } from '../migrate';
import { migration001 } from './001-initial';
import { migration002 } from './002-evaluation';
import { migration004 } from './004-notes-tags';

/**
 * MERGE NOTE (issue 13 branch): version 3 belongs to issue 8's 003-attempts-intent, which lands from
 * its own branch. Until then this empty stand-in keeps the versions contiguous; at the merge, replace
 * it with `migration003` from './003-attempts-intent'. (A database migrated by this branch records the
 * stand-in's checksum, so the real 003 would refuse it as edited: use throwaway data directories.)
 */
const migration003: Migration = sqlMigration(3, 'reserved-for-issue-8', '-- reserved\n');

/** Every migration, in order. Append only: versions must run 1, 2, 3… with no gaps. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
