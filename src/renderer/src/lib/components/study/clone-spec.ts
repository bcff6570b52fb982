import type { RunDto, StudyDetailDto } from '../../../../../shared/contract';
import type { Domain, ParamSet, ParamValue } from '../../../../../shared/domain/space';

/**
 * A one-trial study spec that reproduces `params` on the same dataset and template: every
 * hyperparameter fixed, so the New-study form opens on exactly this configuration, editable.
 */
export function fixedSpecFrom(study: StudyDetailDto, run: RunDto, params: ParamSet): Record<string, unknown> {
  const space: Record<string, { type: 'fixed'; value: ParamValue }> = {};
  for (const [name, value] of Object.entries(params)) space[name] = { type: 'fixed', value };
  const { spec } = study;
  return {
    name: `${spec.name}-trial-${run.trialNumber}`,
    // The hash, unless a built-in sample: a dataset renamed since would not be found by its old name.
    dataset: spec.dataset.startsWith('sample:') ? spec.dataset : study.datasetId,
    template: spec.template,
    ...(spec.task ? { task: spec.task } : {}),
    objective: spec.objective,
    algorithm: 'random',
    seed: spec.seed,
    budget: { maxTrials: 1 },
    backend: spec.backend,
    space,
  };
}

/**
 * What an editable field shows first: 4 significant digits (0.3973, not 0.39731279760599136). The
 * exact value survives unless the user edits the field (see `paramFromField`).
 */
export function paramInputText(value: ParamValue): string {
  if (typeof value !== 'number' || Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(4)));
}

/** The field's value: the run's exact value while the text is still the one shown at first. */
export function paramFromField(original: ParamValue, initialText: string, text: string): { value: ParamValue } | { error: string } {
  return text === initialText ? { value: original } : parseParamInput(original, text);
}

/** Parses an edited field back to the type the run had (a number stays a number, `true` a boolean). */
export function parseParamInput(original: ParamValue, text: string): { value: ParamValue } | { error: string } {
  if (typeof original === 'number') {
    const t = text.trim();
    const n = Number(t);
    if (t === '' || !Number.isFinite(n)) return { error: 'must be a number' };
    return { value: n };
  }
  if (typeof original === 'boolean') {
    if (text === 'true' || text === 'false') return { value: text === 'true' };
    return { error: 'must be true or false' };
  }
  return text.trim() === '' ? { error: 'must not be empty' } : { value: text.trim() };
}

/** Only what the user changed travels as `params` overrides (runs.clone starts from the run's own). */
export function changedParams(original: ParamSet, edited: ParamSet): ParamSet {
  const out: ParamSet = {};
  for (const [name, value] of Object.entries(edited)) if (original[name] !== value) out[name] = value;
  return out;
}

/**
 * What to tell the user about a value the study's search space would not produce (a clone may still
 * run it: the template's own limits are checked by main), or null when the value fits the space.
 */
export function outsideSpace(domain: Domain | undefined, value: ParamValue): string | null {
  if (!domain || domain.type === 'fixed') return null;
  if (domain.type === 'choice') return domain.values.some((v) => v === value) ? null : `not one of the study's choices (${domain.values.join(', ')})`;
  if (typeof value !== 'number') return null;
  if (domain.type === 'int' && !Number.isInteger(value)) return `the study searched whole numbers ${domain.low} … ${domain.high}`;
  if (value < domain.low || value > domain.high) return `outside the study's range ${domain.low} … ${domain.high}`;
  return null;
}
