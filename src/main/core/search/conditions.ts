import { conditionFor, isHparamActive } from '../../../shared/domain/conditional-hparams';
import type { ModelTemplate } from '../../../shared/domain/hparams';
import type { ParamSet } from '../../../shared/domain/space';
import { pointKey } from './domain-values';
import type { TrialRecord } from './types';

/**
 * How a sampler learns which keys of a point take effect. Study spaces get the template's
 * conditions (src/shared/domain/conditional-hparams.ts); a free space (a benchmark objective over
 * x1, x2, …) has none.
 */
export interface Conditions {
  /** The key whose value decides whether `name` is active, or undefined when it always is. */
  parentOf(name: string): string | undefined;
  isActive(name: string, point: ParamSet): boolean;
}

export const NO_CONDITIONS: Conditions = { parentOf: () => undefined, isActive: () => true };

export function templateConditions(template: ModelTemplate): Conditions {
  return {
    parentOf: (name) => conditionFor(template, name)?.parent,
    // A key the template does not know cannot reach a validated space; keep it rather than drop it silently.
    isActive: (name, point) => conditionFor(template, name) === undefined || isHparamActive(template, name, point),
  };
}

/** The point restricted to the keys that take effect in it. */
export function activePart(point: ParamSet, conditions: Conditions): ParamSet {
  const out: ParamSet = {};
  for (const [name, value] of Object.entries(point)) if (conditions.isActive(name, point)) out[name] = value;
  return out;
}

/**
 * Keys in sampling order: unconditional keys first (sorted), then conditional ones (sorted), so a
 * child is decided after the parent it depends on.
 */
export function samplingOrder(keys: readonly string[], conditions: Conditions): string[] {
  const sorted = [...keys].sort();
  return [...sorted.filter((k) => conditions.parentOf(k) === undefined), ...sorted.filter((k) => conditions.parentOf(k) !== undefined)];
}

/** Identities of the points already tried, restricted to what took effect in each. */
export function seenPoints(keys: readonly string[], history: readonly TrialRecord[], conditions: Conditions): Set<string> {
  return new Set(history.map((t) => pointKey(keys, activePart(t.params, conditions))));
}
