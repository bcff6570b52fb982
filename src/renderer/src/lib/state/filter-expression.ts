import type { RunDto } from '../../../../shared/contract';
import type { CellValue, RowContext, RunColumn } from './study-view-columns';

/**
 * The run table's filter box: plain words (every one must appear in the row's trial, status, backend,
 * tags or params, as before) and comparisons on columns, joined by `and` (also implied between terms)
 * and `or` (binds looser):   learning_rate > 0.01 and optimizer = adam   ·   status = failed or epochs < 3
 * Operators: = (or ==) != > >= < <= and ~ (contains). A column is named by its key, a hyperparameter's
 * or metric's name, the objective metric's name (its best value), or: trial, status, epochs, best,
 * final, duration, backend, tag.
 */
export type Operator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~';

export type Term = { kind: 'word'; word: string } | { kind: 'compare'; column: RunColumn; op: Operator; value: string; num: number | null };

export interface ParsedFilter {
  /** Alternatives (or); each one's terms must all hold (and). Empty: no filter. */
  groups: Term[][];
  /** Set when the text cannot be read; the table then shows every row and the box says why. */
  error: string | null;
}

const COMPARE = /^([A-Za-z_#][\w.:#-]*)\s*(==|!=|>=|<=|=|>|<|~)\s*("([^"]*)"|'([^']*)'|[^\s"']+)/;
const ALIASES: Record<string, string> = { best: 'objective', tag: 'tags', '#': 'trial' };

export const hasExpression = (text: string): boolean => /(==|!=|>=|<=|=|>|<|~)/.test(text);

function lookup(name: string, columns: ReadonlyMap<string, RunColumn>, objectiveMetric: string | null): RunColumn | undefined {
  const lower = name.toLowerCase();
  const key = ALIASES[lower] ?? lower;
  return (
    columns.get(key) ??
    columns.get(`param:${name}`) ??
    (objectiveMetric !== null && name === objectiveMetric ? columns.get('objective') : undefined) ??
    columns.get(`metric:${name}`)
  );
}

function suggest(name: string, columns: ReadonlyMap<string, RunColumn>): string {
  const names = [...columns.values()].map((c) => c.label.replace(/^(Best|Final) /, ''));
  const close = names.find((n) => n.toLowerCase().startsWith(name.toLowerCase().slice(0, 2)));
  return close ? ` (did you mean ${close}?)` : '';
}

export function parseFilter(text: string, columns: ReadonlyMap<string, RunColumn>, objectiveMetric: string | null = null): ParsedFilter {
  const groups: Term[][] = [[]];
  let rest = text.trim();
  let expectTerm = true;
  while (rest !== '') {
    const connector = /^(and|or|&&|\|\|)(\s+|$)/i.exec(rest);
    if (connector) {
      if (expectTerm) return { groups: [], error: `"${connector[1]}" needs a condition before it` };
      if (/^(or|\|\|)$/i.test(connector[1]!)) groups.push([]);
      rest = rest.slice(connector[0].length).trimStart();
      expectTerm = true;
      continue;
    }
    const m = COMPARE.exec(rest);
    if (m) {
      const column = lookup(m[1]!, columns, objectiveMetric);
      if (!column) return { groups: [], error: `unknown column "${m[1]}"${suggest(m[1]!, columns)}` };
      const value = m[4] ?? m[5] ?? m[3]!;
      const num = value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : null;
      const op = (m[2] === '==' ? '=' : m[2]) as Operator;
      if (column.kind === 'number' && num === null && op !== '=' && op !== '!=' && op !== '~') {
        return { groups: [], error: `${m[1]} ${op} needs a number, not "${value}"` };
      }
      groups[groups.length - 1]!.push({ kind: 'compare', column, op, value, num });
      rest = rest.slice(m[0].length).trimStart();
    } else {
      const word = /^\S+/.exec(rest)![0];
      if (/^(==|!=|>=|<=|=|>|<|~)/.test(word)) return { groups: [], error: `"${word}" needs a column name before it` };
      groups[groups.length - 1]!.push({ kind: 'word', word: word.toLowerCase() });
      rest = rest.slice(word.length).trimStart();
    }
    expectTerm = false;
  }
  if (expectTerm && groups.flat().length > 0) return { groups: [], error: 'the filter ends with "and" or "or": add a condition after it' };
  return { groups: groups.filter((g) => g.length > 0), error: null };
}

function compareCell(v: CellValue, term: Extract<Term, { kind: 'compare' }>): boolean {
  const { op, value, num } = term;
  if (op === '~') return v !== null && String(v).toLowerCase().includes(value.toLowerCase());
  if (typeof v === 'number' && num !== null) {
    switch (op) {
      case '=':
        return v === num;
      case '!=':
        return v !== num;
      case '>':
        return v > num;
      case '>=':
        return v >= num;
      case '<':
        return v < num;
      case '<=':
        return v <= num;
    }
  }
  const text = v === null ? '' : String(v).toLowerCase();
  const want = value.toLowerCase();
  if (op === '=') return v !== null && (text === want || (term.column.key === 'tags' && text.split(', ').includes(want)));
  if (op === '!=') return v === null || (text !== want && !(term.column.key === 'tags' && text.split(', ').includes(want)));
  // Ordering text against text (status > c) is rarely meant; a missing or non-numeric value fails.
  return false;
}

/** Rows that pass; `haystack(run)` is the lower-cased text plain words search. */
export function matchesFilter(run: RunDto, parsed: ParsedFilter, ctx: RowContext, haystack: (run: RunDto) => string): boolean {
  if (parsed.groups.length === 0) return true;
  return parsed.groups.some((terms) =>
    terms.every((t) => (t.kind === 'word' ? haystack(run).includes(t.word) : compareCell(t.column.value(run, ctx), t))),
  );
}
