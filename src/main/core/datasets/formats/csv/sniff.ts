import Papa from 'papaparse';
import { cellKind } from './cells';
import { csvError } from './csv-error';

export type Newline = '\n' | '\r\n' | '\r';

/** What the first part of the file says about the rest: how it is cut and what the columns are called. */
export interface CsvLayout {
  delimiter: string;
  newline: Newline;
  hasHeader: boolean;
  names: string[];
}

const DELIMITERS = [',', '\t', ';', '|'];
const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', '\t': 'tab', ';': 'semicolon', '|': 'pipe' };
const SAMPLE_ROWS = 200;
/** Wider than any real table; more columns means a broken delimiter guess or a file that is not a table. */
export const MAX_COLUMNS = 100_000;

export const delimiterName = (delimiter: string): string => DELIMITER_NAMES[delimiter] ?? `'${delimiter}'`;

/**
 * Reads the layout from the decoded start of the file. `sample` ends on a line break unless it is the
 * whole file (`complete`).
 */
export function sniffLayout(file: string, sample: string, complete: boolean, delimiterOverride?: string): CsvLayout {
  const newline = detectNewline(sample);
  const delimiter = delimiterOverride === undefined ? guessDelimiter(sample, newline) : checkDelimiter(file, delimiterOverride);
  const parsed = Papa.parse<string[]>(sample, { delimiter, newline, preview: SAMPLE_ROWS, skipEmptyLines: 'greedy' });
  const rows = parsed.data;
  const first = rows[0];
  if (first === undefined) throw csvError(file, 'the file is empty');
  if (first.length > MAX_COLUMNS) throw csvError(file, `${first.length} columns (more than ${MAX_COLUMNS}): not a table, or the delimiter is wrong`, 1);
  const hasHeader = looksLikeHeader(first, rows.slice(1));
  if (hasHeader && rows.length === 1 && complete) throw csvError(file, 'only a header line, no data rows');
  return { delimiter, newline, hasHeader, names: hasHeader ? headerNames(first) : first.map((_, j) => `col_${j + 1}`) };
}

function detectNewline(sample: string): Newline {
  const lf = sample.indexOf('\n');
  if (lf === -1) return sample.includes('\r') ? '\r' : '\n';
  return lf > 0 && sample[lf - 1] === '\r' ? '\r\n' : '\n';
}

function guessDelimiter(sample: string, newline: Newline): string {
  // Papa's guess: the candidate giving the most consistent field count (ties: more fields) over 10 rows.
  const guess = Papa.parse(sample, { delimitersToGuess: DELIMITERS, newline, preview: 10, skipEmptyLines: 'greedy' });
  return guess.meta.delimiter;
}

function checkDelimiter(file: string, delimiter: string): string {
  const resolved = delimiter === 'tab' || delimiter === '\\t' ? '\t' : delimiter;
  if (resolved.length !== 1 || Papa.BAD_DELIMITERS.includes(resolved)) {
    throw csvError(file, `delimiter ${JSON.stringify(delimiter)} cannot be used: give one character other than a quote or a line break`);
  }
  return resolved;
}

/**
 * A header is a first row that is mostly text over columns whose later rows are numbers. For tables of
 * text only, the first row is a header unless one of its values shows up again in its own column
 * (data rows repeat categories; header names do not).
 */
function looksLikeHeader(first: string[], rest: string[][]): boolean {
  const firstKinds = first.map(cellKind);
  const texts = firstKinds.filter((k) => k === 'text').length;
  const numbers = firstKinds.filter((k) => k === 'number').length;
  if (texts === 0 || numbers > texts) return false;
  if (rest.length === 0) return numbers === 0;
  let textOverNumbers = 0;
  let repeated = false;
  first.forEach((cell, j) => {
    const below = rest.map((row) => row[j] ?? '');
    const belowKinds = below.map(cellKind);
    const numericBelow = belowKinds.includes('number') && !belowKinds.includes('text');
    if (firstKinds[j] === 'text' && numericBelow) textOverNumbers++;
    if (firstKinds[j] === 'text' && below.some((value) => value.trim() === cell.trim())) repeated = true;
  });
  if (textOverNumbers > 0) return true;
  return numbers === 0 && !repeated;
}

/** Trimmed names; blanks become col_N and repeats get _2, _3 so that every column can be named in options. */
function headerNames(first: string[]): string[] {
  const seen = new Set<string>();
  return first.map((cell, j) => {
    const base = cell.trim() || `col_${j + 1}`;
    let name = base;
    for (let k = 2; seen.has(name); k++) name = `${base}_${k}`;
    seen.add(name);
    return name;
  });
}
