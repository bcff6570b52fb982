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
  const value = +cell;
  if (value !== value) return NaN;
  if (value === 0 && cell.trim() === '') return NaN;
  if (cell.length > 2) {
    const second = cell.charCodeAt(1) | 0x20; // lower-cased
    if (second === 0x78 || second === 0x62 || second === 0x6f) return NaN; // 0x…, 0b…, 0o…
  }
  return value;
}

export type CellKind = 'number' | 'missing' | 'text';

export function cellKind(cell: string): CellKind {
  if (isMissingToken(cell)) return 'missing';
  return Number.isFinite(parseNumberCell(cell)) ? 'number' : 'text';
}
