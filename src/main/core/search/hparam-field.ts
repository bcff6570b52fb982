import type { z } from 'zod';
import { hparamsSchemaFor, type ModelTemplate } from '../../../shared/domain/hparams';
import type { ParamValue } from '../../../shared/domain/space';

/** What kind of value a template's hyperparameter takes, read off its zod schema. */
export type FieldKind =
  | { kind: 'int' | 'float'; min: number | null; max: number | null }
  | { kind: 'enum'; values: string[] }
  | { kind: 'bool' }
  | { kind: 'string' };

interface ZodInternals {
  def: { type: string; innerType?: ZodInternals };
  isInt?: boolean;
  minValue?: number | null;
  maxValue?: number | null;
  options?: string[];
}

export function fieldSchema(template: ModelTemplate, name: string): z.ZodType | undefined {
  return (hparamsSchemaFor(template).shape as Record<string, z.ZodType>)[name];
}

export function fieldKind(schema: z.ZodType): FieldKind {
  let s = schema as unknown as ZodInternals;
  while (s.def.innerType && (s.def.type === 'default' || s.def.type === 'optional')) s = s.def.innerType;
  switch (s.def.type) {
    case 'number':
      return { kind: s.isInt ? 'int' : 'float', min: s.minValue ?? null, max: s.maxValue ?? null };
    case 'enum':
      return { kind: 'enum', values: s.options ?? [] };
    case 'union':
      return { kind: 'bool' }; // the only union among hparams: boolean or "true"/"false"
    default:
      return { kind: 'string' };
  }
}

/**
 * Why `value` is not a valid setting of this hyperparameter, in words a user acts on, or null when
 * it is valid. Checked through the template's own schema so the rules cannot drift from the trainer's.
 */
export function invalidValueReason(name: string, schema: z.ZodType, value: ParamValue): string | null {
  const result = schema.safeParse(value);
  if (result.success) return null;
  const kind = fieldKind(schema);
  const shown = JSON.stringify(value);
  switch (kind.kind) {
    case 'enum':
      return `${shown} is not a known ${name} (allowed: ${kind.values.join(', ')})`;
    case 'bool':
      return `${shown} must be true or false`;
    case 'string':
      return `${shown} must be text`;
    case 'int':
    case 'float': {
      if (typeof value !== 'number') return `${shown} must be a number`;
      if (kind.kind === 'int' && !Number.isInteger(value)) return `${shown} must be an integer`;
      // Report the tightest bound that failed (dropout is both ≤ 1 and ≤ 0.95: say 0.95).
      let bound: string | null = null;
      let tightestMax = Infinity;
      let tightestMin = -Infinity;
      for (const issue of result.error.issues) {
        const i = issue as { code: string; maximum?: number | bigint; minimum?: number | bigint; inclusive?: boolean };
        if (i.code === 'too_big' && Number(i.maximum) < tightestMax) {
          tightestMax = Number(i.maximum);
          bound = `must be ${i.inclusive ? '≤' : '<'} ${tightestMax}`;
        } else if (i.code === 'too_small' && bound === null && Number(i.minimum) > tightestMin) {
          tightestMin = Number(i.minimum);
          bound = `must be ${i.inclusive ? '≥' : '>'} ${tightestMin}`;
        }
      }
      return `${shown} ${bound ?? 'is out of range'}`;
    }
  }
}
