import { sqlMigration } from '../migrate';

/**
 * Pruning and budgets (issue 10). Frozen once released.
 * - run.rung: the pruner's rung a pruned run reached (ASHA/Hyperband; null for median and the rest).
 * - run.stop_reason: why a run stopped before its epochs when the user did not stop it by hand: the
 *   pruner's reason ("below the median at epoch 4"), or the study's budget ("time budget spent").
 */
export const SQL = `
ALTER TABLE run ADD COLUMN rung INTEGER CHECK (rung IS NULL OR rung >= 0);
ALTER TABLE run ADD COLUMN stop_reason TEXT;
`;

export const migration005 = sqlMigration(5, 'pruning', SQL);
