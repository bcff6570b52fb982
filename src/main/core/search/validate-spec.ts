import type { z } from 'zod';
import { hparamNamesFor, type Task } from '../../../shared/domain/hparams';
import { studySpecSchema, type StudySpec } from '../../../shared/domain/study-spec';
import { AppError } from '../../../shared/result';
import { SAMPLE_NAMES, SAMPLE_PREFIX, sampleInfoFor } from '../datasets/samples/catalog';
import { checkGrid, checkSpace } from './check-space';
import { checkPruner, checkSampling } from './check-search';
import { didYouMean } from './did-you-mean';
import { formatIssue } from './format-issue';
import { metricsForTask } from './objective-metrics';
import { parseSpace } from './parse-space';
import { isPlainObject } from './shorthand';

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
  const metrics = metricsForTask(task);
  if (spec.objective && !metrics.includes(spec.objective.metric)) {
    const forTask = task ? `for task ${task}` : 'by any task';
    errors.push(`objective.metric: ${JSON.stringify(spec.objective.metric)} is not reported ${forTask} (known: ${metrics.join(', ')}${didYouMean(spec.objective.metric, metrics)})`);
  }
  if (spec.algorithm && spec.budget) errors.push(...checkSampling({ algorithm: spec.algorithm, budget: spec.budget, sampler: spec.sampler }));
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

  // `pruner: ashx` is judged as `pruner: {type: ashx}` and reported where the user wrote it.
  const prunerShorthand = typeof known.pruner === 'string';
  if (prunerShorthand) known.pruner = { type: known.pruner };
  const top = specWithoutSpace.safeParse(known);
  if (!top.success) {
    for (const issue of top.error.issues) {
      errors.push(...formatIssue(issue, known).map((line) => (prunerShorthand ? line.replace(/^pruner\.type:/, 'pruner:') : line)));
    }
  }

  // The space is checked entry by entry so one bad entry does not hide the others' problems.
  const parsedSpace = parseSpace(raw.space);
  const space = parsedSpace.space ?? {};
  const forms = parsedSpace.forms;
  errors.push(...parsedSpace.errors);
  if (raw.space === undefined) {
    errors.push(`space: required (hyperparameter → value, list or range; names for a template: ${hparamNamesFor('mlp').slice(0, 4).join(', ')}, …)`);
  } else if (parsedSpace.space && Object.keys(parsedSpace.space).length === 0 && parsedSpace.errors.length === 0 && known.repeats === undefined) {
    errors.push('space: empty, so there is nothing to search (every trial would train the defaults); name hyperparameters with values, lists or ranges, or set repeats: N to train the defaults N times with different seeds');
  }

  const fields = validFields(known);
  const study = checkStudy(fields);
  errors.push(...study.errors);
  errors.push(...checkSpace(space, fields.template, forms, study.task));
  if (top.success) errors.push(...checkPruner(top.data, space));
  if (top.success && top.data.algorithm === 'grid') errors.push(...checkGrid(space));

  if (errors.length > 0) throw new AppError('invalid_input', errors.map((line) => `${source}: ${line}`).join('\n'));
  return { ...top.data!, space };
}
