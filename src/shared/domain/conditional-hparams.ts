import { hparamNamesFor, hparamsSchemaFor, type ModelTemplate } from './hparams';
import type { ParamSet, ParamValue } from './space';

/**
 * Which hyperparameters take effect for a configuration. A parameter that the trainer never reads
 * for this config (momentum under adam, lr_step_size without the step schedule, units with no hidden
 * layer) is *inactive*: samplers do not emit it, TPE does not model it from trials where it was
 * inactive, and importance ignores it there. One table, read off the trainer's consumers:
 *   optimizers/build-optimizer.ts, schedules/lr-schedule.ts + plateau.ts, training/early-stopping.ts,
 *   models/losses.ts, models/build-mlp.ts, models/build-cnn.ts.
 * Every condition names one parent that is itself unconditional, so one pass over the parents decides
 * every child.
 */
export interface HparamCondition {
  param: string;
  parent: string;
  /** Words for the UI and error messages: "only with optimizer momentum or nesterov". */
  description: string;
  active: (parentValue: ParamValue) => boolean;
}

const oneOf = (parent: string, values: readonly string[]): Pick<HparamCondition, 'parent' | 'description' | 'active'> => ({
  parent,
  description: `only with ${parent} ${values.length === 1 ? values[0] : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`}`,
  active: (v) => values.includes(String(v)),
});

/** Booleans travel as true/false or, through SQLite and YAML, as "true"/"false". */
const isTrue = (v: ParamValue): boolean => v === true || v === 'true';

const COMMON: HparamCondition[] = [
  { param: 'momentum', ...oneOf('optimizer', ['momentum', 'nesterov']) },
  { param: 'beta1', ...oneOf('optimizer', ['adam', 'adamax']) },
  { param: 'beta2', ...oneOf('optimizer', ['adam', 'adamax']) },
  { param: 'epsilon', ...oneOf('optimizer', ['adam', 'rmsprop', 'adadelta', 'adamax']) },
  { param: 'rho', ...oneOf('optimizer', ['rmsprop', 'adadelta']) },
  { param: 'lr_step_size', ...oneOf('lr_schedule', ['step']) },
  { param: 'lr_gamma', ...oneOf('lr_schedule', ['step']) },
  { param: 'lr_decay_rate', ...oneOf('lr_schedule', ['exponential']) },
  // Every decaying schedule is floored at lr_min; a constant rate never reads it.
  { param: 'lr_min', ...oneOf('lr_schedule', ['step', 'exponential', 'cosine', 'plateau']) },
  { param: 'lr_plateau_patience', ...oneOf('lr_schedule', ['plateau']) },
  { param: 'lr_plateau_factor', ...oneOf('lr_schedule', ['plateau']) },
  // es_monitor and es_restore_best stay active: the best epoch is tracked (and restored) without early stopping.
  { param: 'es_patience', parent: 'early_stopping', description: 'only with early_stopping true', active: isTrue },
  { param: 'es_min_delta', parent: 'early_stopping', description: 'only with early_stopping true', active: isTrue },
  { param: 'huber_delta', ...oneOf('loss', ['huber']) },
];

const MLP: HparamCondition[] = [
  { param: 'units', parent: 'hidden_layers', description: 'only with hidden_layers ≥ 1', active: (v) => Number(v) >= 1 },
];

const CNN: HparamCondition[] = [
  { param: 'pool_size', ...oneOf('pooling', ['max', 'avg']) },
  // Block i has filters·growth^i channels: with one block the growth is never applied.
  { param: 'filters_growth', parent: 'conv_blocks', description: 'only with conv_blocks ≥ 2', active: (v) => Number(v) >= 2 },
];

const CONDITIONS: Record<ModelTemplate, ReadonlyMap<string, HparamCondition>> = {
  mlp: new Map([...COMMON, ...MLP].map((c) => [c.param, c])),
  cnn: new Map([...COMMON, ...CNN].map((c) => [c.param, c])),
};

const defaultsCache = new Map<ModelTemplate, ParamSet>();

/** The template's defaults: what the trainer uses for a parent the config does not set. */
function defaultsFor(template: ModelTemplate): ParamSet {
  let defaults = defaultsCache.get(template);
  if (!defaults) {
    defaults = hparamsSchemaFor(template).parse({}) as ParamSet;
    defaultsCache.set(template, defaults);
  }
  return defaults;
}

/** The condition on `name` for a template, or undefined when it always applies. */
export function conditionFor(template: ModelTemplate, name: string): HparamCondition | undefined {
  return CONDITIONS[template].get(name);
}

/**
 * Whether `name` takes effect in `params` (a flat config; parents it lacks take the template's
 * default). A name the template does not know (a CNN key on the MLP) is never active.
 */
export function isHparamActive(template: ModelTemplate, name: string, params: ParamSet): boolean {
  const condition = CONDITIONS[template].get(name);
  if (!condition) return hparamNamesFor(template).includes(name);
  const parentValue = params[condition.parent] ?? defaultsFor(template)[condition.parent];
  return parentValue !== undefined && condition.active(parentValue);
}

/** `params` without the entries that do not take effect. */
export function activeHparams(template: ModelTemplate, params: ParamSet): ParamSet {
  const out: ParamSet = {};
  for (const [name, value] of Object.entries(params)) if (isHparamActive(template, name, params)) out[name] = value;
  return out;
}
