import type { ModelTemplate, Task } from '../../../../shared/domain/hparams';
import type { BackendPreference } from '../../../../shared/domain/run';
import type { StudySpec } from '../../../../shared/domain/study-spec';
import { numberOrText, searchFromSpec, searchToSpec, type NumberText, type SearchFields } from './search-form';
import { domainToRow, rowToDomain, type SpaceRow } from './space-form';

/** What the form needs to know of the picked dataset. */
export interface DatasetChoice {
  /** What the spec's `dataset` field takes: a content hash, or `sample:<name>`. */
  ref: string;
  label: string;
  task: Task;
  kind: 'tabular' | 'image';
}

/** Spec keys no field of the form shows; a loaded spec keeps them, so the form never drops what it was given. */
const CARRIED = ['task', 'maxAttempts', 'repeats'] as const;
type Carried = Partial<Pick<StudySpec, (typeof CARRIED)[number]>>;

/** The New-study form's fields as plain data (NewStudyForm holds them as state). */
export interface FormFields {
  name: string;
  dataset: DatasetChoice | null;
  template: ModelTemplate;
  objectiveMetric: string;
  direction: 'minimize' | 'maximize';
  seed: NumberText;
  maxTrials: NumberText;
  maxTimeMin: NumberText;
  maxEpochs: NumberText;
  concurrency: NumberText;
  backend: BackendPreference;
  rows: SpaceRow[];
  search: SearchFields;
  carried: Carried;
}

/** The object studies.validateSpec / studies.create take; values that do not read are sent as typed, for the validator to name. */
export function formToSpec(f: FormFields): Record<string, unknown> {
  const budget: Record<string, unknown> = {};
  const maxTrials = numberOrText(f.maxTrials);
  if (maxTrials !== undefined) budget.maxTrials = maxTrials;
  const maxTime = numberOrText(f.maxTimeMin);
  if (maxTime !== undefined) budget.maxTimeSec = typeof maxTime === 'number' ? Math.round(maxTime * 60) : maxTime;
  const maxEpochs = numberOrText(f.maxEpochs);
  if (maxEpochs !== undefined) budget.maxEpochs = maxEpochs;
  const spec: Record<string, unknown> = {
    name: f.name.trim(),
    dataset: f.dataset?.ref ?? '',
    template: f.template,
    objective: { metric: f.objectiveMetric, direction: f.direction },
    ...searchToSpec(f.search),
    seed: numberOrText(f.seed) ?? 0,
    budget,
    backend: f.backend,
    space: Object.fromEntries(f.rows.map((r) => [r.name, rowToDomain(r, f.search.algorithm)])),
  };
  const concurrency = numberOrText(f.concurrency);
  if (concurrency !== undefined) spec.concurrency = concurrency;
  for (const key of CARRIED) if (f.carried[key] !== undefined) spec[key] = f.carried[key];
  return spec;
}

/** A validated spec (a clone, a pasted YAML) → the fields; the dataset is matched by the caller. */
export function specToFields(spec: StudySpec): Omit<FormFields, 'dataset'> {
  const text = (v: number | undefined) => (v === undefined ? '' : String(v));
  return {
    name: spec.name,
    template: spec.template,
    objectiveMetric: spec.objective.metric,
    direction: spec.objective.direction,
    seed: String(spec.seed),
    maxTrials: text(spec.budget.maxTrials),
    maxTimeMin: spec.budget.maxTimeSec !== undefined ? String(Number((spec.budget.maxTimeSec / 60).toFixed(2))) : '',
    maxEpochs: text(spec.budget.maxEpochs),
    concurrency: text(spec.concurrency),
    backend: spec.backend,
    rows: Object.entries(spec.space).map(([name, d]) => domainToRow(name, d)),
    search: searchFromSpec(spec),
    carried: Object.fromEntries(CARRIED.filter((k) => spec[k] !== undefined).map((k) => [k, spec[k]])) as Carried,
  };
}
