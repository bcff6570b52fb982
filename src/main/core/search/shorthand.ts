/**
 * Friendly forms users write in `space`, rewritten to the Domain objects the schema knows:
 *   units: 64                        → { type: fixed, value: 64 }
 *   activation: [relu, tanh]         → { type: choice, values: [relu, tanh] }
 *   lr: { type: float, log: true, … } → { type: log-float, … }   (Optuna's spelling)
 * Which entries were shorthand is kept so errors point at what the user wrote (`space.units[1]`,
 * not `space.units.values[1]`).
 */
export type ShorthandForm = 'scalar' | 'list';

export interface NormalizedSpace {
  space: unknown;
  forms: Map<string, ShorthandForm>;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function normalizeSpace(raw: unknown): NormalizedSpace {
  const forms = new Map<string, ShorthandForm>();
  if (!isPlainObject(raw)) return { space: raw, forms };
  const space: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(raw)) {
    if (typeof entry === 'number' || typeof entry === 'string' || typeof entry === 'boolean') {
      space[name] = { type: 'fixed', value: entry };
      forms.set(name, 'scalar');
    } else if (Array.isArray(entry)) {
      space[name] = { type: 'choice', values: entry };
      forms.set(name, 'list');
    } else if (isPlainObject(entry) && entry.type === 'float' && typeof entry.log === 'boolean') {
      const { log, ...rest } = entry;
      space[name] = log ? { ...rest, type: 'log-float' } : rest;
    } else {
      space[name] = entry;
    }
  }
  return { space, forms };
}

export { isPlainObject };
