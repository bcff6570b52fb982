import { domainSchema, type Domain, type SearchSpace } from '../../../shared/domain/space';
import { AppError } from '../../../shared/result';
import { checkRange } from './check-space';
import { formatIssue } from './format-issue';
import { isPlainObject, normalizeSpace, type ShorthandForm } from './shorthand';

export interface ParsedSpace {
  /** The entries that parsed; undefined when `space` itself is missing or not a mapping. */
  space: Record<string, Domain> | undefined;
  forms: Map<string, ShorthandForm>;
  errors: string[];
}

/**
 * A `space` mapping as users write it (shorthands included), parsed entry by entry so one bad entry
 * does not hide the others' problems. Errors are `space.<key>…: reason` lines.
 */
export function parseSpace(raw: unknown): ParsedSpace {
  const { space: rawSpace, forms } = normalizeSpace(raw);
  if (rawSpace === undefined) return { space: undefined, forms, errors: [] };
  if (!isPlainObject(rawSpace)) return { space: undefined, forms, errors: ['space: must be a mapping of hyperparameter names to values, lists or ranges'] };
  const space: Record<string, Domain> = {};
  const errors: string[] = [];
  for (const [name, entry] of Object.entries(rawSpace)) {
    const parsed = domainSchema.safeParse(entry);
    if (parsed.success) space[name] = parsed.data;
    else for (const issue of parsed.error.issues) errors.push(...formatIssue(issue, rawSpace, [name]).map((line) => `space.${line}`));
  }
  return { space, forms, errors };
}

/**
 * A space over free parameter names (a benchmark objective's x1, x2, …): shapes and ranges checked,
 * no template. Throws one AppError naming every problem.
 */
export function parseFreeSpace(raw: unknown, source: string): SearchSpace {
  const parsed = parseSpace(raw);
  const errors = [...parsed.errors];
  if (parsed.space) for (const [name, domain] of Object.entries(parsed.space)) errors.push(...checkRange(name, domain));
  else if (errors.length === 0) errors.push('space: required (parameter name → value, list or range)');
  if (errors.length > 0 || !parsed.space) throw new AppError('invalid_input', errors.map((line) => `${source}: ${line}`).join('\n'));
  return parsed.space;
}
