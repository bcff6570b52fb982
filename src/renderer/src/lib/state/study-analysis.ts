import type { RunDto } from '../../../../shared/contract';
import type { ImportanceReport } from '../../../../shared/analysis/importance-report';
import { axisFor } from '../../../../shared/analysis/trials';
import type { SearchSpace } from '../../../../shared/domain/space';

/** Runs the analysis plots draw: finished with a number to show (pruned ones as pruned). */
export const isFinished = (run: RunDto): boolean => run.status === 'completed' || run.status === 'pruned';

/**
 * Same rows in the same order (rows are replaced, never mutated, on update): while a study runs the run
 * list changes every few hundred milliseconds, but its finished rows do not, and the plots built from
 * them need not be rebuilt.
 */
export function sameRows(a: readonly RunDto[], b: readonly RunDto[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The parameters with something to plot (a fixed value or a one-value choice has not). */
export const searchedParams = (space: SearchSpace): string[] =>
  Object.keys(space)
    .sort()
    .filter((name) => axisFor(name, space[name]!) !== null);

/**
 * The contour's axes: the user's picks, else the two most important parameters, else the first two
 * searched; a pick that is no longer searched (a changed space) falls back the same way.
 */
export function contourPair(params: readonly string[], importance: ImportanceReport, picked: { x: string | null; y: string | null }): [string, string] | null {
  if (params.length < 2) return null;
  const ranked = importance.status === 'ready' ? importance.items.map((i) => i.name).filter((n) => params.includes(n)) : [];
  const order = [...ranked, ...params.filter((p) => !ranked.includes(p))];
  const x = picked.x !== null && params.includes(picked.x) ? picked.x : order[0]!;
  const y = picked.y !== null && params.includes(picked.y) && picked.y !== x ? picked.y : order.find((p) => p !== x)!;
  return [x, y];
}
