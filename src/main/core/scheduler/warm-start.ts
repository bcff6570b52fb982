import { AppError } from '../../../shared/result';
import { warmStartProblem, warmStartRecords } from '../search/warm-start';
import type { TrialRecord } from '../search/types';
import type { Store } from '../store/store';
import type { StudyRow } from '../store/types';

/**
 * The trials another study hands this one's sampler (`sampler.warmStartStudy`): its finished runs,
 * each with its objective curve. Refused with the reason when that study cannot seed this one.
 */
export function warmStartOf(store: Store, study: Pick<StudyRow, 'spec'> & { id?: number }): TrialRecord[] | undefined {
  const ref = study.spec.sampler?.warmStartStudy;
  if (ref === undefined) return undefined;
  const source = store.getStudy(ref);
  if (!source) throw new AppError('not_found', `sampler.warmStartStudy: no study ${JSON.stringify(ref)}`);
  if (source.id === study.id) throw new AppError('invalid_input', 'sampler.warmStartStudy: a study cannot seed itself');
  const problem = warmStartProblem(study.spec, source);
  if (problem) throw new AppError('invalid_input', problem);
  const curves = store.objectiveCurves(source.id, source.objectiveMetric);
  return warmStartRecords(
    store.trialRecords(source.id).map((t) => ({ number: t.trialNumber, params: t.params, status: t.status, objective: t.objective, intermediate: curves.get(t.runId) ?? [] })),
  );
}
