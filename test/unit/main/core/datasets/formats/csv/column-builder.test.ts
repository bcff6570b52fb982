import { describe, expect, it } from 'vitest';
import { ColumnBuilder, spellingsCapFor } from '../../../../../../../src/main/core/datasets/formats/csv/column-builder';

describe('ColumnBuilder: numbers that turn into categories keep their spelling', () => {
  it('keeps "01" and "2.50" as written once text shows up', () => {
    const column = new ColumnBuilder('code');
    for (const cell of ['01', '2.50', '3', '1e-7', '0.1', 'x']) column.push(cell);
    expect(column.kind).toBe('categorical');
    expect(column.categories).toEqual(['01', '2.50', '3', '1e-7', '0.1', 'x']);
  });

  it('shares one spellings budget among the columns of a wide table, spelling the rest the float32 way', () => {
    expect(spellingsCapFor(20)).toBe(4096);
    expect(spellingsCapFor(10_000)).toBe(26);
    expect(spellingsCapFor(1_000_000)).toBe(16);
    const column = new ColumnBuilder('code', 2);
    for (const cell of ['01', '02', '03', 'x']) column.push(cell);
    expect(column.categories).toEqual(['1', '2', '3', 'x']);
  });
});
