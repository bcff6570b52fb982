import type { StudySpec } from '../../../shared/domain/study-spec';
import { sortedKeys } from './domain-values';
import type { TrialRecord } from './types';

/**
 * Why the runs of study `source` cannot seed study `spec` (`sampler.warmStartStudy`), or null when
 * they can: the objective must be the same metric in the same direction, on the same template.
 * Spaces may differ: values outside this study's space are simply not modelled.
 */
export function warmStartProblem(spec: StudySpec, source: { name: string; spec: StudySpec }): string | null {
  const at = `sampler.warmStartStudy: study ${JSON.stringify(source.name)}`;
  const a = spec.objective;
  const b = source.spec.objective;
  if (a.metric !== b.metric || a.direction !== b.direction) return `${at} ${b.direction}s ${b.metric}, this study ${a.direction}s ${a.metric}`;
  if (spec.template !== source.spec.template) return `${at} trains the ${source.spec.template} template, this study ${spec.template}`;
  const shared = sortedKeys(spec.space).filter((k) => k in source.spec.space && spec.space[k]!.type !== 'fixed');
  if (shared.length === 0) return `${at} searched none of this study's parameters`;
  return null;
}

/** The runs of the source study that carry information: finished ones (completed, pruned, failed). */
export const warmStartRecords = (runs: readonly TrialRecord[]): TrialRecord[] => runs.filter((r) => r.status === 'completed' || r.status === 'pruned' || r.status === 'failed');
