import type { TrialRecord } from './types';

/** Which studies can seed a TPE study: shared with the New-study form, which lists them. */
export { warmStartProblem } from '../../../shared/domain/warm-start';

/** The runs of the source study that carry information: finished ones (completed, pruned, failed). */
export const warmStartRecords = (runs: readonly TrialRecord[]): TrialRecord[] => runs.filter((r) => r.status === 'completed' || r.status === 'pruned' || r.status === 'failed');
