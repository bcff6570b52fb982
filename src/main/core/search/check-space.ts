import type { z } from 'zod';
import { hparamNamesFor, type ModelTemplate, type Task } from '../../../shared/domain/hparams';
import type { Domain, ParamValue, SearchSpace } from '../../../shared/domain/space';
import { didYouMean } from './did-you-mean';
import { gridValues } from './domain-values';
import { fieldKind, fieldSchema, invalidValueReason } from './hparam-field';
import { metricsForTask } from './objective-metrics';
import type { ShorthandForm } from './shorthand';

/** Grid studies above this many points are refused: almost always a forgotten `gridPoints`. */
export const MAX_GRID_POINTS = 10_000;

const n = (v: number): string => String(Number(v.toPrecision(12)));

/** Checks of one well-shaped domain against what the template's hyperparameter accepts. */
function checkDomain(name: string, domain: Domain, schema: z.ZodType, form: ShorthandForm | undefined, task: Task | undefined): string[] {
  const errors: string[] = [];
  const at = `space.${name}`;
  const checkValue = (where: string, value: ParamValue) => {
    const reason = invalidValueReason(name, schema, value);
    if (reason) errors.push(`${where}: ${reason}`);
    else if (name === 'es_monitor' && typeof value === 'string' && !metricsForTask(task).includes(value)) {
      errors.push(`${where}: ${JSON.stringify(value)} is not a metric the trainer reports (known: ${metricsForTask(task).join(', ')})`);
    }
  };

  if (domain.type === 'fixed') {
    checkValue(form === 'scalar' ? at : `${at}.value`, domain.value);
    return errors;
  }
  if (domain.type === 'choice') {
    domain.values.forEach((v, i) => checkValue(form === 'list' ? `${at}[${i}]` : `${at}.values[${i}]`, v));
    return errors;
  }

  const kind = fieldKind(schema);
  if (kind.kind !== 'int' && kind.kind !== 'float') {
    const options = kind.kind === 'enum' ? ` (one of: ${kind.values.join(', ')})` : '';
    return [`${at}.type: ${name} is not numeric, so it cannot have a ${domain.type} range; list the values instead${options}`];
  }
  if (kind.kind === 'int' && domain.type !== 'int') {
    return [`${at}.type: ${name} takes integers; use type int instead of ${domain.type}`];
  }

  checkValue(`${at}.low`, domain.low);
  checkValue(`${at}.high`, domain.high);
  errors.push(...checkRange(name, domain));
  domain.grid?.forEach((v, i) => {
    if (v >= domain.low && v <= domain.high) checkValue(`${at}.grid[${i}]`, v);
  });
  return errors;
}

/**
 * Checks of a range that hold whatever the parameter is (a template's hyperparameter or a benchmark's
 * x1): low < high, a step that reaches high, a log scale that can be taken, grid points inside.
 */
export function checkRange(name: string, domain: Domain): string[] {
  if (domain.type === 'fixed' || domain.type === 'choice') return [];
  const errors: string[] = [];
  const at = `space.${name}`;
  if (domain.low >= domain.high) {
    errors.push(`${at}.high: must be greater than low (${n(domain.low)})${domain.low === domain.high ? `; for a single value write ${name}: ${n(domain.low)}` : ''}`);
  } else if (domain.type === 'int' && (domain.high - domain.low) % domain.step !== 0) {
    const reachable = domain.low + Math.floor((domain.high - domain.low) / domain.step) * domain.step;
    errors.push(`${at}.step: ${domain.step} does not divide high - low = ${domain.high - domain.low}, so high ${domain.high} is never tried (use high: ${reachable} or ${reachable + domain.step})`);
  }
  if (domain.type === 'int' && domain.log) {
    if (domain.low < 1) errors.push(`${at}.low: must be ≥ 1 on a log scale (log: true), got ${domain.low}`);
    if (domain.step !== 1) errors.push(`${at}.step: a log scale (log: true) takes every integer, so step must be 1, got ${domain.step}`);
  }
  domain.grid?.forEach((v, i) => {
    if (v < domain.low || v > domain.high) errors.push(`${at}.grid[${i}]: ${n(v)} is outside low..high (${n(domain.low)}..${n(domain.high)})`);
  });
  return errors;
}

/** Every problem with the space's names and values, one `path: reason` per line. */
export function checkSpace(
  space: Record<string, Domain>,
  template: ModelTemplate | undefined,
  forms: Map<string, ShorthandForm>,
  task: Task | undefined,
): string[] {
  if (!template) return []; // names cannot be judged without a template; its own error is reported
  const known = hparamNamesFor(template);
  const errors: string[] = [];
  for (const [name, domain] of Object.entries(space)) {
    const schema = fieldSchema(template, name);
    if (!schema) {
      errors.push(`space.${name}: unknown hyperparameter for template ${template} (known: ${known.join(', ')}${didYouMean(name, known)})`);
      continue;
    }
    errors.push(...checkDomain(name, domain, schema, forms.get(name), task));
  }
  return errors;
}

/** Grid search needs a finite, reasonably sized product. */
export function checkGrid(space: SearchSpace): string[] {
  const errors: string[] = [];
  const sizes: number[] = [];
  for (const name of Object.keys(space).sort()) {
    const values = gridValues(space[name]!);
    if (values) sizes.push(values.length);
    else errors.push(`space.${name}: grid search needs \`grid\` (explicit values) or \`gridPoints\` (how many, spaced ${space[name]!.type === 'log-float' ? 'geometrically' : 'evenly'}) for a continuous range`);
  }
  if (errors.length === 0) {
    const total = sizes.reduce((a, b) => a * b, 1);
    if (total > MAX_GRID_POINTS) {
      errors.push(`space: the grid has ${sizes.join(' × ')} = ${total} trials, more than ${MAX_GRID_POINTS}; use fewer grid points or algorithm: random`);
    }
  }
  return errors;
}
