import { describe, expect, it } from 'vitest';
import { cellKind, isInfinityToken, isMissingToken, parseNumberCell } from '../../../../../../../src/main/core/datasets/formats/csv/cells';

describe('CSV cells', () => {
  it('reads plain decimals exactly as Number() does', () => {
    for (const cell of ['0', '-0', '.5', '5.', '+1.25', '007', '-12.345', '0.1', '123456789012345', '1234567890123456789', '1e5', '-2.5E-3', ' 7 ']) {
      expect(Object.is(parseNumberCell(cell), Number(cell))).toBe(true);
    }
  });

  it('takes blanks, hex/binary/octal literals and other text as not a number', () => {
    for (const cell of ['', '  ', '0x1F', '0b101', '0o17', '1,5', '.', '-', 'abc', '12abc']) expect(parseNumberCell(cell)).toBeNaN();
  });

  it('knows the missing tokens in any case, and the spellings of infinity', () => {
    for (const cell of ['', ' ', 'NA', 'n/a', 'NaN', 'NULL', '?']) expect(isMissingToken(cell)).toBe(true);
    for (const cell of ['0', 'none', 'nan0', 'N.A.']) expect(isMissingToken(cell)).toBe(false);
    for (const cell of ['inf', '-Inf', '+INFINITY', 'Infinity']) expect(isInfinityToken(cell)).toBe(true);
    expect(isInfinityToken('info')).toBe(false);
    expect(['3.5', 'NA', 'red'].map(cellKind)).toEqual(['number', 'missing', 'text']);
  });
});
