import type { z } from 'zod';
import { hparamNamesFor, type Task } from '../../../shared/domain/hparams';
import { domainSchema, type Domain } from '../../../shared/domain/space';
import { studySpecSchema, type StudySpec } from '../../../shared/domain/study-spec';
import { AppError } from '../../../shared/result';
import { SAMPLE_NAMES, SAMPLE_PREFIX, sampleInfoFor } from '../datasets/samples/catalog';
import { checkGrid, checkSpace } from './check-space';
import { didYouMean } from './did-you-mean';
import { formatIssue } from './format-issue';
import { metricsForTask } from './objective-metrics';
import { isPlainObject, normalizeSpace } from './shorthand';

const TOP_LEVEL_KEYS = Object.keys(studySpecSchema.shape);
const specWithoutSpace = studySpecSchema.omit({ space: true });

type SpecFields = Partial<Omit<StudySpec, 'space'>>;

/**
 * Every top-level field that is valid on its own (defaults applied), so that the checks across fields
 * run even while another field is wrong: a bad objective.metric is reported together with a bad
 * budget, not only once the budget is fixed.
 */
function validFields(known: Record<string, unknown>): SpecFields {
  const fields: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(specWithoutSpace.shape)) {
    const parsed = (schema as z.ZodType).safeParse(known[key]);
    if (parsed.success && parsed.data !== undefined) fields[key] = parsed.data;
  }
  return fields as SpecFields;
}

/** Checks that need several fields: dataset vs task/template, objective, budget (each when its fields are valid). */
function checkStudy(spec: SpecFields): { errors: string[]; task: Task | undefined } {
  const errors: string[] = [];
  let task = spec.task;
  if (spec.dataset?.startsWith(SAMPLE_PREFIX)) {
    const sample = sampleInfoFor(spec.dataset);
    if (!sample) {
      const known = SAMPLE_NAMES.map((s) => SAMPLE_PREFIX + s);
      errors.push(`dataset: unknown built-in sample ${JSON.stringify(spec.dataset)} (known: ${known.join(', ')}${didYouMean(spec.dataset, known)})`);
    } else {
      if (spec.task && spec.task !== sample.task) errors.push(`task: ${spec.dataset} is a ${sample.task} dataset, not ${spec.task}`);
      if (spec.template === 'cnn' && sample.kind !== 'image') errors.push(`template: cnn needs an image dataset; ${spec.dataset} is ${sample.kind}`);
      task = sample.task;
    }
  }
  if (spec.template === 'transfer' && spec.baseModel === undefined) {
    errors.push('baseModel: template transfer starts from a base model: name an imported one (hparam-studio import-model) or an earlier run as run:<id>');
  }
  if (spec.baseModel !== undefined && spec.template !== undefined && spec.template !== 'transfer') {
    errors.push(`baseModel: only template transfer uses a base model (this spec's template is ${spec.template})`);
  }
  const metrics = metricsForTask(task);
  if (spec.objective && !metrics.includes(spec.objective.metric)) {
    const forTask = task ? `for task ${task}` : 'by any task';
    errors.push(`objective.metric: ${JSON.stringify(spec.objective.metric)} is not reported ${forTask} (known: ${metrics.join(', ')}${didYouMean(spec.objective.metric, metrics)})`);
  }
  if (spec.algorithm === 'random' && spec.budget && spec.budget.maxTrials === undefined && spec.budget.maxTimeSec === undefined) {
    errors.push('budget: random search needs maxTrials or maxTimeSec, or it would never stop');
  }
  return { errors, task };
}

/**
 * Validates a parsed study spec (from YAML/JSON or the New-study form) and fills defaults. Every
 * problem is collected, so the user fixes them in one pass; the AppError message has one
 * `<source>: <key path>: <reason>` line per problem.
 */
export function validateStudySpec(raw: unknown, source = 'input'): StudySpec {
  if (!isPlainObject(raw)) {
    throw new AppError('invalid_input', `${source}: a study spec must be a mapping of keys (${TOP_LEVEL_KEYS.join(', ')})`);
  }
  const errors: string[] = [];

  for (const key of Object.keys(raw)) {
    if (!TOP_LEVEL_KEYS.includes(key)) errors.push(`${key}: unknown key (known: ${TOP_LEVEL_KEYS.join(', ')}${didYouMean(key, TOP_LEVEL_KEYS)})`);
  }
  const known = Object.fromEntries(Object.entries(raw).filter(([k]) => TOP_LEVEL_KEYS.includes(k) && k !== 'space'));

  const top = specWithoutSpace.safeParse(known);
  if (!top.success) for (const issue of top.error.issues) errors.push(...formatIssue(issue, known));

  // The space is checked entry by entry so one bad entry does not hide the others' problems.
  const { space: rawSpace, forms } = normalizeSpace(raw.space);
  const space: Record<string, Domain> = {};
  if (rawSpace === undefined) {
    errors.push(`space: required (hyperparameter → value, list or range; names for a template: ${hparamNamesFor('mlp').slice(0, 4).join(', ')}, …)`);
  } else if (!isPlainObject(rawSpace)) {
    errors.push('space: must be a mapping of hyperparameter names to values, lists or ranges');
  } else if (Object.keys(rawSpace).length === 0 && known.repeats === undefined) {
    errors.push('space: empty, so there is nothing to search (every trial would train the defaults); name hyperparameters with values, lists or ranges, or set repeats: N to train the defaults N times with different seeds');
  } else {
    for (const [name, entry] of Object.entries(rawSpace)) {
      const parsed = domainSchema.safeParse(entry);
      if (parsed.success) space[name] = parsed.data;
      else for (const issue of parsed.error.issues) errors.push(...formatIssue(issue, rawSpace, [name]).map((line) => `space.${line}`));
    }
  }

  const fields = validFields(known);
  const template = fields.template;
  const study = checkStudy(fields);
  errors.push(...study.errors);
  const task = study.task;
  errors.push(...checkSpace(space, template, forms, task));
  if (top.success && top.data.algorithm === 'grid') errors.push(...checkGrid(space));

  if (errors.length > 0) throw new AppError('invalid_input', errors.map((line) => `${source}: ${line}`).join('\n'));
  return { ...top.data!, space };
}
