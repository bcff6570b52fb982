import { isInfinityToken, isMissingToken, parseNumberCell } from './cells';
import { ChunkedArray } from './chunked-array';

/** Distinct spellings remembered per numeric column, so that a column turning categorical keeps "01" as "01". */
const SPELLINGS_CAP = 4096;
/**
 * Spellings remembered over all columns together. A table of 10,000 numeric columns would otherwise
 * keep up to 4096 map entries per column (hundreds of MB for a file of a few); its columns share this
 * budget instead, and one that turns categorical past its share spells numbers the float32 way.
 */
const SPELLINGS_BUDGET = 1 << 18;

/** Each column's share of the spellings budget for a table `columns` wide. */
export const spellingsCapFor = (columns: number): number => Math.max(16, Math.min(SPELLINGS_CAP, Math.floor(SPELLINGS_BUDGET / Math.max(1, columns))));

export const PUSH_OK = 0;
export const PUSH_NOT_FINITE = 1;
export const PUSH_OUT_OF_RANGE = 2;
/** Largest finite float32: values are stored as float32, and a larger one would silently become Infinity. */
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Accumulates one CSV column while the file streams by. A column is numeric until a cell that is
 * neither a number nor a missing token shows up; from then on it is categorical (Int32 codes into a
 * dictionary), and the numbers seen so far become categories by their original spelling.
 * Missing cells are NaN (numeric) or -1 (categorical).
 */
export class ColumnBuilder {
  kind: 'numeric' | 'categorical' = 'numeric';
  numbers: ChunkedArray<'f32'> | null = new ChunkedArray('f32');
  codes: ChunkedArray<'i32'> | null = null;
  /** Categories in order of first appearance; codes index into it. */
  readonly categories: string[] = [];
  missing = 0;
  /** Row (0-based, data rows) whose text made the column categorical, for the notes. */
  textSinceRow: number | null = null;
  // Both maps are made on first use: a table of 20,000 numeric columns needs no dictionary, and two
  // empty maps per column were most of what such a table cost before its first row.
  private dictionary: Map<string, number> | null = null;
  /** Made on the first number; null for good once more than `spellingsCap` distinct numbers were seen. */
  private spellings: Map<number, string> | null | undefined = undefined;

  constructor(
    readonly name: string,
    private readonly spellingsCap = SPELLINGS_CAP,
  ) {}

  get length(): number {
    return (this.numbers ?? this.codes)!.length;
  }

  /** Returns PUSH_NOT_FINITE / PUSH_OUT_OF_RANGE for values that cannot be data; the caller knows the line to report. */
  push(cell: string): number {
    if (this.kind === 'numeric') {
      const value = parseNumberCell(cell);
      if (value === value) {
        if (value - value !== 0) return PUSH_NOT_FINITE;
        if (value > FLOAT32_MAX || value < -FLOAT32_MAX) return PUSH_OUT_OF_RANGE;
        this.numbers!.push(value);
        if (this.spellings !== null) this.rememberSpelling(value, cell);
        return PUSH_OK;
      }
      if (isMissingToken(cell)) {
        this.numbers!.push(NaN);
        this.missing++;
        return PUSH_OK;
      }
      if (isInfinityToken(cell)) return PUSH_NOT_FINITE;
      this.becomeCategorical();
    }
    return this.pushCategory(cell);
  }

  private pushCategory(cell: string): number {
    if (isMissingToken(cell)) {
      this.codes!.push(-1);
      this.missing++;
      return PUSH_OK;
    }
    if (isInfinityToken(cell)) return PUSH_NOT_FINITE;
    this.codes!.push(this.codeOf(cell.trim()));
    return PUSH_OK;
  }

  private codeOf(category: string): number {
    this.dictionary ??= new Map();
    let code = this.dictionary.get(category);
    if (code === undefined) {
      code = this.categories.length;
      this.categories.push(category);
      this.dictionary.set(category, code);
    }
    return code;
  }

  private rememberSpelling(value: number, cell: string): void {
    const key = Math.fround(value);
    this.spellings ??= new Map();
    if (this.spellings.has(key)) return;
    if (this.spellings.size >= this.spellingsCap) {
      this.spellings = null; // too many distinct numbers to be a category list; fall back to formatting
      return;
    }
    this.spellings.set(key, cell.trim());
  }

  private becomeCategorical(): void {
    const numbers = this.numbers!;
    const codes = new ChunkedArray('i32');
    numbers.forEach((value) => codes.push(value !== value ? -1 : this.codeOf(this.spellings?.get(value) ?? formatFloat32(value))));
    this.textSinceRow = numbers.length;
    this.kind = 'categorical';
    this.codes = codes;
    this.numbers = null;
    this.spellings = null;
  }
}

/** Shortest decimal that reads back as the same float32 (String() would print float64 noise: 0.10000000149…). */
export function formatFloat32(value: number): string {
  for (let precision = 1; precision < 9; precision++) {
    const text = String(Number(value.toPrecision(precision)));
    if (Math.fround(Number(text)) === value) return text;
  }
  return String(value);
}
