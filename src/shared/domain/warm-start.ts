import type { StudySpec } from './study-spec';

/** What warm-start compatibility reads of a study spec (a summary row plus the space is enough). */
export type WarmStartSpec = Pick<StudySpec, 'objective' | 'template' | 'space'>;

/**
 * Why the runs of study `source` cannot seed study `spec` (`sampler.warmStartStudy`), or null when
 * they can: the objective must be the same metric in the same direction, on the same template, and
 * the two must search at least one parameter in common. Spaces may differ otherwise: values outside
 * this study's space are simply not modelled. Pure, so the New-study form lists the same studies the
 * scheduler accepts.
 */
export function warmStartProblem(spec: WarmStartSpec, source: { name: string; spec: WarmStartSpec }): string | null {
  const at = `sampler.warmStartStudy: study ${JSON.stringify(source.name)}`;
  const a = spec.objective;
  const b = source.spec.objective;
  if (a.metric !== b.metric || a.direction !== b.direction) return `${at} ${b.direction}s ${b.metric}, this study ${a.direction}s ${a.metric}`;
  if (spec.template !== source.spec.template) return `${at} trains the ${source.spec.template} template, this study ${spec.template}`;
  const shared = Object.keys(spec.space).filter((k) => k in source.spec.space && spec.space[k]!.type !== 'fixed');
  if (shared.length === 0) return `${at} searched none of this study's parameters`;
  return null;
}
