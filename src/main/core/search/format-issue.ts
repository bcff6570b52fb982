import type { z } from 'zod';
import { didYouMean } from './did-you-mean';

/** `['space', 'optimizer', 'values', 1]` → `space.optimizer.values[1]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const part of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[part];
  }
  return v;
}

const ARTICLE: Record<string, string> = { int: 'an integer', array: 'a list', object: 'a mapping', number: 'a number', string: 'text', boolean: 'true or false' };

const UNIT: Record<string, string> = { array: ' item(s)', string: ' character(s)', set: ' item(s)' };

/** zod's default messages start like this; a schema's own message (e.g. "must be > 0 on a log scale") is kept as is. */
const DEFAULT_MESSAGE = /^(Invalid|Too (big|small)|Unrecognized)/;

/** NaN / ±Infinity as the YAML that produces them (JSON.stringify would print null). */
const nonFinite = (v: number): string => (Number.isNaN(v) ? 'NaN (.nan)' : v > 0 ? 'infinity (.inf)' : 'minus infinity (-.inf)');

/**
 * One line per problem, `path: reason`, in words a user acts on. `root` is the parsed input, used to
 * tell a missing key ("required") from a wrong type.
 */
export function formatIssue(issue: z.core.$ZodIssue, root: unknown, prefix: readonly PropertyKey[] = []): string[] {
  const path = [...prefix, ...issue.path];
  const where = formatPath(path);
  const given = valueAt(root, path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => `${formatPath([...path, key])}: unknown key`);
    case 'invalid_type':
      if (given === undefined) return [`${where}: required`];
      if (typeof given === 'number' && !Number.isFinite(given)) return [`${where}: must be a finite number, got ${nonFinite(given)}`];
      return [`${where}: must be ${ARTICLE[issue.expected] ?? issue.expected}, got ${JSON.stringify(given)}`];
    case 'invalid_value': {
      const allowed = issue.values.map(String);
      const hint = typeof given === 'string' ? didYouMean(given, allowed) : '';
      if (given === undefined) return [`${where}: required (one of: ${allowed.join(', ')})`];
      return [`${where}: ${JSON.stringify(given)} is not allowed (one of: ${allowed.join(', ')}${hint})`];
    }
    case 'invalid_union': {
      // A discriminated union with an unknown discriminator: name the key and the choices.
      const { note, options } = issue as { note?: string; options?: unknown[] };
      if (note === 'No matching discriminator') {
        const kinds = (options ?? []).map(String);
        return [`${where}: ${given === undefined ? 'required' : `${JSON.stringify(given)} is not a known kind`} (one of: ${kinds.join(', ')}${typeof given === 'string' ? didYouMean(given, kinds) : ''})`];
      }
      return [`${where}: ${issue.message}`];
    }
    default:
      if (!DEFAULT_MESSAGE.test(issue.message)) return [`${where}: ${issue.message}`];
      if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1) return [`${where}: must not be empty`];
      if (issue.code === 'too_small') return [`${where}: must be ${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}${UNIT[issue.origin] ?? ''}`];
      if (issue.code === 'too_big') return [`${where}: must be ${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}${UNIT[issue.origin] ?? ''}`];
      return [`${where}: ${issue.message}`];
  }
}
