import { sqlMigration, type Migration } from '../migrate';
import { migration001 } from './001-initial';
import { migration002 } from './002-evaluation';
import { migration003 } from './003-attempts-intent';
import { migration008 } from './008-devices';

/**
 * MERGE NOTE (issue 11 branch): versions 4–7 belong to issues 13, 12, 14 and 10, which land from their
 * own branches. Until then these empty stand-ins keep the versions contiguous; at the merge, replace
 * each with the real migration. (A database migrated by this branch records the stand-ins' checksums,
 * so the real ones would refuse it as edited: use throwaway data directories.)
 */
const reserved = (version: number, issue: number): Migration => sqlMigration(version, `reserved-for-issue-${issue}`, '-- reserved\n');

/** Every migration, in order. Append only: versions must run 1, 2, 3… with no gaps. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, reserved(4, 13), reserved(5, 12), reserved(6, 14), reserved(7, 10), migration008];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
