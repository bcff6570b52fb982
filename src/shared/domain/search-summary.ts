import { SAMPLER_DEFAULTS } from './search-options';
import type { StudySpec } from './study-spec';

const ALGORITHM_NAMES: Record<StudySpec['algorithm'], string> = { grid: 'grid search', random: 'random search', tpe: 'TPE' };
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The search in a few words for the study header and `hparam-studio show`: "TPE (multivariate,
 * 20 start-up trials, warm start from study 3)". Only what differs from the defaults is named.
 */
export function describeAlgorithm(spec: Pick<StudySpec, 'algorithm' | 'sampler'>): string {
  const name = ALGORITHM_NAMES[spec.algorithm];
  const s = spec.sampler;
  if (spec.algorithm !== 'tpe' || !s) return name;
  const notes: string[] = [];
  if (s.multivariate !== undefined && s.multivariate !== SAMPLER_DEFAULTS.multivariate) notes.push(s.multivariate ? 'multivariate' : 'univariate');
  if (s.nStartupTrials !== undefined && s.nStartupTrials !== SAMPLER_DEFAULTS.nStartupTrials) notes.push(plural(s.nStartupTrials, 'start-up trial'));
  if (s.nEiCandidates !== undefined && s.nEiCandidates !== SAMPLER_DEFAULTS.nEiCandidates) notes.push(plural(s.nEiCandidates, 'candidate'));
  if (s.constantLiar !== undefined && s.constantLiar !== SAMPLER_DEFAULTS.constantLiar) notes.push(s.constantLiar ? 'constant liar' : 'no constant liar');
  if (s.priorWeight !== undefined && s.priorWeight !== SAMPLER_DEFAULTS.priorWeight) notes.push(`prior weight ${s.priorWeight}`);
  if (s.warmStartStudy !== undefined) notes.push(`warm start from study ${s.warmStartStudy}`);
  return notes.length > 0 ? `${name} (${notes.join(', ')})` : name;
}

/** The pruner in a few words, or null when trials always run to the end. */
export function describePruner(spec: Pick<StudySpec, 'pruner'>): string | null {
  const p = spec.pruner;
  switch (p?.type) {
    case undefined:
    case 'none':
      return null;
    case 'median':
      return `median pruner (after ${plural(p.warmupTrials, 'trial')}, from epoch ${p.warmupEpochs + 1}${p.intervalEpochs > 1 ? `, every ${p.intervalEpochs} epochs` : ''})`;
    case 'asha': {
      const first = p.minEpochs * p.reductionFactor ** p.minEarlyStoppingRate;
      return `ASHA pruner (first rung at epoch ${first}, keeps 1/${p.reductionFactor} per rung)`;
    }
    case 'hyperband':
      return `Hyperband pruner (from epoch ${p.minEpochs}${p.maxEpochs !== undefined ? ` to ${p.maxEpochs}` : ''}, keeps 1/${p.reductionFactor} per rung)`;
  }
}

/** What a pruned run's row says: "pruned at rung 1" with the reason the pruner gave, when stored. */
export function describeStop(run: { status: string; rung: number | null; stopReason: string | null }): string | null {
  if (run.status !== 'pruned' && run.stopReason === null) return null;
  const head = run.status === 'pruned' ? (run.rung !== null ? `pruned at rung ${run.rung}` : 'pruned') : 'stopped';
  return run.stopReason ? `${head}: ${run.stopReason}` : head;
}
