import { sqlMigration, type Migration } from '../migrate';
import { migration001 } from './001-initial';
import { migration002 } from './002-evaluation';
import { migration003 } from './003-attempts-intent';
import { migration004 } from './004-notes-tags';
import { migration005 } from './005-pruning';
import { migration007 } from './007-devices';

/**
 * MERGE NOTE (issue 11 branch): version 6 belongs to issue 12, which lands from its own branch before
 * this one. Until then this empty stand-in keeps the versions contiguous (`migrate` requires 1, 2, 3…);
 * at the merge, replace it with issue 12's migration006. A database migrated by this branch records the
 * stand-in's checksum, so the real 006 would refuse it as edited: use throwaway data directories.
 */
const reserved006: Migration = sqlMigration(6, 'reserved-for-issue-12', '-- reserved\n');

/** Every migration, in order. Append only: versions must run 1, 2, 3… with no gaps. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, reserved006, migration007];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
