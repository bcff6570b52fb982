/**
 * How single CSV cells are read. Kept apart from the column builder so that header detection (on a
 * sample) and the streaming pass (on every cell) classify cells the same way.
 */

const MISSING_TOKENS = new Set(['', 'na', 'n/a', 'nan', 'null', '?']);
const INFINITY_TOKENS = new Set(['inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity']);

/** Empty, NA, N/A, NaN, null or ? in any case (surrounding blanks ignored). */
export function isMissingToken(cell: string): boolean {
  if (cell.length > 6) return false; // longest token plus a little padding: skips the work for ordinary text
  return MISSING_TOKENS.has(cell.trim().toLowerCase());
}

/** The literal spellings of infinity: never data, always an error (a float overflow upstream, most likely). */
export function isInfinityToken(cell: string): boolean {
  if (cell.length < 3 || cell.length > 11) return false;
  return INFINITY_TOKENS.has(cell.trim().toLowerCase());
}

/**
 * The number a cell holds, or NaN when it is not a plain decimal number. Number() alone would also
 * take hex/binary/octal literals ("0x1F") and read blank text as 0; those are text here. Infinity
 * (spelled out or overflowing, "1e999") comes back as ±Infinity for the caller to reject.
 */
export function parseNumberCell(cell: string): number {
  const plain = parsePlainDecimal(cell);
  if (plain === plain) return plain;
  const value = +cell;
  if (value !== value) return NaN;
  if (value === 0 && cell.trim() === '') return NaN;
  if (cell.length > 2) {
    const second = cell.charCodeAt(1) | 0x20; // lower-cased
    if (second === 0x78 || second === 0x62 || second === 0x6f) return NaN; // 0x…, 0b…, 0o…
  }
  return value;
}

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * Fast path for the cells that make up most numeric CSVs, "-12.345": at most 15 digits make an exact
 * integer and 10^k (k ≤ 22) is exact, so one division rounds correctly and equals Number(cell)
 * (Clinger's fast path). Anything else (exponents, blanks, long digit strings) returns NaN for the
 * general path. Number() is the single largest cost of a numeric import without this.
 */
function parsePlainDecimal(cell: string): number {
  const length = cell.length;
  let i = 0;
  let code = cell.charCodeAt(0);
  const negative = code === 45;
  if (negative || code === 43) i = 1;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let dot = false;
  for (; i < length; i++) {
    code = cell.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      mantissa = mantissa * 10 + (code - 48);
      digits++;
      if (dot) scale++;
    } else if (code === 46 && !dot) dot = true;
    else return NaN;
  }
  if (digits === 0 || digits > 15) return NaN;
  const value = scale === 0 ? mantissa : mantissa / POWERS_OF_TEN[scale]!;
  return negative ? -value : value;
}

export type CellKind = 'number' | 'missing' | 'text';

export function cellKind(cell: string): CellKind {
  if (isMissingToken(cell)) return 'missing';
  return Number.isFinite(parseNumberCell(cell)) ? 'number' : 'text';
}
