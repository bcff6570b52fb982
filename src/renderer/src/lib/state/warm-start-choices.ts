import type { StudyDetailDto } from '../../../../shared/contract';
import type { Domain } from '../../../../shared/domain/space';
import { warmStartProblem, type WarmStartSpec } from '../../../../shared/domain/warm-start';
import type { SpaceRow } from './space-form';

/** A study that might seed a TPE study: its spec and how many of its runs finished. */
export interface WarmStartCandidate {
  id: number;
  name: string;
  spec: StudyDetailDto['spec'];
  finished: number;
}

export interface WarmStartChoice {
  id: number;
  name: string;
  finished: number;
  /** Why it cannot seed the study being designed; null when it can. */
  problem: string | null;
}

/** What compatibility reads of the form: only whether each row is searched (fixed or not) matters. */
export interface WarmStartForm {
  objectiveMetric: string;
  direction: 'minimize' | 'maximize';
  template: WarmStartSpec['template'];
  rows: readonly Pick<SpaceRow, 'name' | 'kind'>[];
}

/**
 * The studies the picker offers, judged against the form as it stands (the same rule the scheduler
 * applies: shared/domain/warm-start.ts). A study with no finished run has nothing to teach.
 */
export function warmStartChoices(form: WarmStartForm, candidates: readonly WarmStartCandidate[]): WarmStartChoice[] {
  const mine: WarmStartSpec = {
    objective: { metric: form.objectiveMetric, direction: form.direction },
    template: form.template,
    space: Object.fromEntries(form.rows.map((r) => [r.name, { type: r.kind } as Domain])),
  };
  return candidates.map((c) => ({
    id: c.id,
    name: c.name,
    finished: c.finished,
    problem: c.finished === 0 ? `study ${JSON.stringify(c.name)} has no finished runs yet` : warmStartProblem(mine, { name: c.name, spec: c.spec }),
  }));
}
