import { prunerDefaults, type PrunerSpec, type PrunerType, type SamplerOptions } from '../../../../shared/domain/search-options';
import type { StudySpec } from '../../../../shared/domain/study-spec';

/** A number box's content: bind:value hands back a number (null when cleared); prefills store text. */
export type NumberText = string | number | null;

/**
 * The New-study form's search settings: the algorithm, the tpe sampler's options and the pruner's.
 * Numbers are kept as typed so a half-typed value survives until it is valid; an empty box means "the
 * default" and is left out of the spec. The two switches are undefined until the user sets them, so a
 * spec that never named them reads back without them.
 */
export interface SearchFields {
  algorithm: StudySpec['algorithm'];
  nStartupTrials: NumberText;
  nEiCandidates: NumberText;
  priorWeight: NumberText;
  multivariate: boolean | undefined;
  constantLiar: boolean | undefined;
  /** A study id (the picker's choice), or a name as a loaded spec wrote it; null for none. */
  warmStartStudy: number | string | null;
  pruner: PrunerType;
  /** The pruner's options by key (see PRUNER_FIELDS), as typed. */
  prunerOptions: Record<string, NumberText>;
}

export interface PrunerField {
  key: string;
  label: string;
  hint: string;
  /** Left empty by default (the value then comes from elsewhere, as Hyperband's longest trial). */
  optional?: boolean;
}

/** Each pruner's options, in the order the form lists them (names and defaults: search-options.ts). */
export const PRUNER_FIELDS: Record<Exclude<PrunerType, 'none'>, PrunerField[]> = {
  median: [
    { key: 'warmupTrials', label: 'Warm-up trials', hint: 'Completed trials before any is judged.' },
    { key: 'warmupEpochs', label: 'Warm-up epochs', hint: 'Epochs every trial runs before it is judged.' },
    { key: 'intervalEpochs', label: 'Judge every (epochs)', hint: 'After the warm-up.' },
    { key: 'minTrials', label: 'Trials per epoch', hint: 'Values at an epoch needed to judge there.' },
  ],
  asha: [
    { key: 'minEpochs', label: 'Min epochs', hint: 'Epochs at the first rung.' },
    { key: 'reductionFactor', label: 'Reduction factor', hint: 'Keeps the best 1/factor at each rung.' },
    { key: 'minEarlyStoppingRate', label: 'Skip rungs', hint: 'The first judgement comes at min·factor^skip.' },
  ],
  hyperband: [
    { key: 'minEpochs', label: 'Min epochs', hint: 'Epochs at the first rung of the boldest bracket.' },
    { key: 'maxEpochs', label: 'Max epochs', hint: 'Empty: the largest epochs in the space.', optional: true },
    { key: 'reductionFactor', label: 'Reduction factor', hint: 'Keeps the best 1/factor at each rung.' },
  ],
};

export const PRUNER_LABELS: Record<PrunerType, string> = { none: 'None (every trial runs to the end)', median: 'Median', asha: 'ASHA (successive halving)', hyperband: 'Hyperband' };

export const defaultSearchFields = (): SearchFields => ({
  algorithm: 'random',
  nStartupTrials: '',
  nEiCandidates: '',
  priorWeight: '',
  multivariate: undefined,
  constantLiar: undefined,
  warmStartStudy: null,
  pruner: 'none',
  prunerOptions: {},
});

/** The options a pruner starts with in the form: its defaults, written out so the user sees them. */
export function prunerOptionsFor(type: PrunerType): Record<string, NumberText> {
  if (type === 'none') return {};
  const defaults = prunerDefaults(type) as Record<string, unknown>;
  return Object.fromEntries(PRUNER_FIELDS[type].map((f) => [f.key, defaults[f.key] === undefined ? '' : String(defaults[f.key])]));
}

/** Text as a number when it reads as one; otherwise as typed, so the validator names the field. */
export function numberOrText(v: NumberText | undefined): number | string | undefined {
  const s = v === null || v === undefined ? '' : String(v).trim();
  if (s === '') return undefined;
  return Number.isFinite(Number(s)) ? Number(s) : s;
}

/** The spec's `algorithm`, `sampler` and `pruner` (absent when they say nothing). */
export function searchToSpec(f: SearchFields): Record<string, unknown> {
  const out: Record<string, unknown> = { algorithm: f.algorithm };
  if (f.algorithm === 'tpe') {
    const sampler: Record<string, unknown> = {};
    for (const key of ['nStartupTrials', 'nEiCandidates', 'priorWeight'] as const) {
      const v = numberOrText(f[key]);
      if (v !== undefined) sampler[key] = v;
    }
    if (f.multivariate !== undefined) sampler.multivariate = f.multivariate;
    if (f.constantLiar !== undefined) sampler.constantLiar = f.constantLiar;
    if (f.warmStartStudy !== null && f.warmStartStudy !== '') sampler.warmStartStudy = f.warmStartStudy;
    if (Object.keys(sampler).length > 0) out.sampler = sampler;
  }
  if (f.pruner !== 'none') {
    const pruner: Record<string, unknown> = { type: f.pruner };
    for (const field of PRUNER_FIELDS[f.pruner]) {
      const v = numberOrText(f.prunerOptions[field.key]);
      if (v !== undefined) pruner[field.key] = v;
    }
    out.pruner = pruner;
  }
  return out;
}

/** A validated spec's search settings → the form's fields. */
export function searchFromSpec(spec: Pick<StudySpec, 'algorithm' | 'sampler' | 'pruner'>): SearchFields {
  const s: SamplerOptions = spec.sampler ?? {};
  const text = (v: number | undefined) => (v === undefined ? '' : String(v));
  const p: PrunerSpec = spec.pruner ?? { type: 'none' };
  const options = p.type === 'none' ? {} : Object.fromEntries(PRUNER_FIELDS[p.type].map((f) => [f.key, text((p as Record<string, unknown>)[f.key] as number | undefined)]));
  return {
    algorithm: spec.algorithm,
    nStartupTrials: text(s.nStartupTrials),
    nEiCandidates: text(s.nEiCandidates),
    priorWeight: text(s.priorWeight),
    multivariate: s.multivariate,
    constantLiar: s.constantLiar,
    warmStartStudy: s.warmStartStudy ?? null,
    pruner: p.type,
    prunerOptions: options,
  };
}
