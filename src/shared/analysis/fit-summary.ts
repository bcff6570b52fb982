import type { SearchSpace } from '../domain/space';
import { FIT_KINDS, type FitDiagnosis, type FitKind } from './fit-diagnosis';

export interface FitSummary {
  counts: Record<FitKind, number>;
  /** Runs judged (everything but 'unknown'). */
  judged: number;
  /** What the counts suggest for the next study, in words; empty when nothing stands out. */
  advice: string[];
}

/** A problem shared by at least this share of the judged runs is worth a sentence. */
const NOTABLE = 1 / 3;

const searches = (space: SearchSpace, name: string) => {
  const d = space[name];
  return d !== undefined && d.type !== 'fixed';
};

/**
 * The study page's count of fit diagnoses, with advice when one problem is common: many over-fit runs
 * and no regularization searched → put dropout / l2 / early stopping in the space; many diverged runs →
 * the learning rates they diverged at, to cap the range below them.
 */
export function summarizeFits(diagnoses: readonly FitDiagnosis[], space: SearchSpace): FitSummary {
  const counts = Object.fromEntries(FIT_KINDS.map((k) => [k, 0])) as Record<FitKind, number>;
  for (const d of diagnoses) counts[d.kind]++;
  const judged = diagnoses.length - counts.unknown;
  const advice: string[] = [];
  const share = (k: FitKind) => (judged > 0 ? counts[k] / judged : 0);
  if (counts.overfitting > 0 && share('overfitting') >= NOTABLE) {
    const missing = ['dropout', 'l2', 'early_stopping'].filter((n) => !searches(space, n));
    advice.push(
      `${counts.overfitting} of ${judged} judged runs over-fit${missing.length > 0 ? `: regularization belongs in the space (${missing.join(', ')} not searched)` : ': favour the stronger regularization values'}.`,
    );
  }
  if (counts.diverged > 0 && share('diverged') >= NOTABLE / 2) {
    const rates = diagnoses.flatMap((d) => (d.kind === 'diverged' && d.lr !== null ? [d.lr] : []));
    const lowest = rates.length > 0 ? Math.min(...rates) : null;
    advice.push(`${counts.diverged} of ${judged} judged runs diverged${lowest === null ? '' : `, at learning rates from ${Number(lowest.toPrecision(3))}`}: cap learning_rate below that.`);
  }
  if (counts.underfitting > 0 && share('underfitting') >= NOTABLE) {
    advice.push(`${counts.underfitting} of ${judged} judged runs under-fit: search larger models, higher learning rates or more epochs.`);
  }
  return { counts, judged, advice };
}
