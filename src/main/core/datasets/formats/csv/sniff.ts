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
  /** How the header was settled: detected from the data, or as the import options said. */
  headerFrom: 'detected' | 'option';
  /**
   * A first line that is neither header nor data (scikit-learn's bundled iris.csv starts with
   * `150,4,setosa,versicolor,virginica`): skipped, and its class names kept when it lists them.
   */
  metadata?: { line: string; classNames: string[] };
  /** Header names that occurred more than once, with how often (renamed name_2, name_3, …). */
  duplicates: { name: string; count: number }[];
}

export interface SniffOptions {
  /** Default: detected. */
  delimiter?: string;
  /** true: the first row names the columns; false: it is data; default: detected. */
  header?: boolean;
  /** Look for a metadata line before the header (off when the user said which lines to skip). */
  detectMetadata: boolean;
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
export function sniffLayout(file: string, sample: string, complete: boolean, opts: SniffOptions): CsvLayout {
  const newline = detectNewline(sample);
  const delimiter = opts.delimiter === undefined ? guessDelimiter(sample, newline) : checkDelimiter(file, opts.delimiter);
  const parsed = Papa.parse<string[]>(sample, { delimiter, newline, preview: SAMPLE_ROWS, skipEmptyLines: 'greedy' });
  let rows = parsed.data;
  if (rows[0] === undefined) throw csvError(file, 'the file is empty');
  const metadata = opts.detectMetadata ? metadataLine(rows, delimiter) : undefined;
  if (metadata) rows = rows.slice(1);
  const first = rows[0];
  if (first === undefined) throw csvError(file, 'only a metadata line, no data rows');
  if (first.length > MAX_COLUMNS) {
    throw csvError(file, `${first.length} columns (more than ${MAX_COLUMNS}): not a table, or the delimiter is wrong (set it with the delimiter option)`, metadata ? 2 : 1);
  }
  const hasHeader = opts.header ?? looksLikeHeader(first, rows.slice(1));
  if (hasHeader && rows.length === 1 && complete) throw csvError(file, 'only a header line, no data rows');
  const named = hasHeader ? headerNames(first) : { names: first.map((_, j) => `col_${j + 1}`), duplicates: [] };
  return { delimiter, newline, hasHeader, headerFrom: opts.header === undefined ? 'detected' : 'option', ...named, ...(metadata ? { metadata } : {}) };
}

const isCount = (cell: string | undefined) => cell !== undefined && /^\s*[1-9]\d*\s*$/.test(cell);

/**
 * A first row that is a description of the table, not part of it: either its width differs from
 * every row after it (which all agree), or it is scikit-learn's `n_samples,n_features,class names…`
 * line, whose second number is the count of feature columns. Needs a few rows to judge.
 */
function metadataLine(rows: string[][], delimiter: string): CsvLayout['metadata'] {
  const [first, ...rest] = rows;
  if (!first || rest.length < 2) return undefined;
  const width = rest[0]!.length;
  if (width < 2 || rest.some((row) => row.length !== width)) return undefined;
  const sklearn = isCount(first[0]) && isCount(first[1]) && Number(first[1]) === width - 1 && first.slice(2).every((c) => cellKind(c) === 'text');
  if (first.length === width && !sklearn) return undefined;
  const line = first.join(delimiter);
  return { line: line.length > 80 ? `${line.slice(0, 77)}…` : line, classNames: sklearn ? first.slice(2).map((c) => c.trim()) : [] };
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

/**
 * Trimmed names; blanks become col_N and repeats get _2, _3 so that every column can be named in
 * options. The repeats are reported: `a,a,a,label` is more often a broken export than a choice.
 */
function headerNames(first: string[]): { names: string[]; duplicates: CsvLayout['duplicates'] } {
  const seen = new Set<string>();
  const counts = new Map<string, number>();
  const names = first.map((cell, j) => {
    const base = cell.trim() || `col_${j + 1}`;
    counts.set(base, (counts.get(base) ?? 0) + 1);
    let name = base;
    for (let k = 2; seen.has(name); k++) name = `${base}_${k}`;
    seen.add(name);
    return name;
  });
  return { names, duplicates: [...counts].filter(([, count]) => count > 1).map(([name, count]) => ({ name, count })) };
}
